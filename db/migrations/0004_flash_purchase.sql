-- One flash-sale purchase in one statement, so that a buyer holds the stock row lock for a single
-- round trip instead of several. SECURITY INVOKER: it runs as its caller (the writer) and every
-- write goes through the same constraints, foreign keys and business-rule triggers as any other
-- client's (stock guard, order status history, deferred payment = total check, ...).
--
-- Returns false, changing nothing, when the warehouse has fewer than p_quantity units (sold out);
-- otherwise, in the caller's transaction:
--   - takes the units with a guarded decrement (stock never negative; the row lock serialises the race),
--   - allocates them from the cell's lots oldest first (FIFO by received_at, lot_id), locking them,
--     and writes one inventory_log 'sale' row per lot touched,
--   - inserts a Pending order, its item (cost_amount = FIFO cost) and a paid payment of exactly the total.
-- Order, item and payment ids are the caller's. Log ids come from the log_id identity sequence, drawn
-- while the stock row is locked, so a cell's log ids rise in the order its stock moved (each row's
-- quantity_before is the previous row's quantity_after). A caller that also writes explicit log ids
-- moves the sequence past them first (setval), as gen_data's flash race does.

CREATE FUNCTION oltp.flash_purchase(
  p_order_id bigint,
  p_order_item_id bigint,
  p_payment_id bigint,
  p_customer_id bigint,
  p_channel_id smallint,
  p_placed_at timestamptz,
  p_payment_method_id smallint,
  p_geo_id integer,
  p_product_id integer,
  p_warehouse_id integer,
  p_quantity integer,
  p_unit_price numeric
) RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
  stock_after integer;
  stock_before integer;
  wanted integer := p_quantity;
  taken integer;
  cost numeric := 0;
  total numeric := p_unit_price * p_quantity;
  lot record;
BEGIN
  IF p_quantity IS NULL OR p_quantity <= 0 THEN
    RAISE EXCEPTION 'flash purchase of product % needs a positive quantity, not %', p_product_id, p_quantity
      USING ERRCODE = 'EC005';
  END IF;

  UPDATE oltp.inventory SET quantity = quantity - p_quantity
  WHERE product_id = p_product_id AND warehouse_id = p_warehouse_id AND quantity >= p_quantity
  RETURNING quantity INTO stock_after;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  stock_before := stock_after + p_quantity;

  INSERT INTO oltp.orders (order_id, order_code, customer_id, channel_id, placed_at, payment_method_id, shipping_geo_id,
    shipping_address, subtotal_amount, discount_amount, shipping_fee, total_amount)
  VALUES (p_order_id, 'FLASH' || p_order_id, p_customer_id, p_channel_id, p_placed_at, p_payment_method_id, p_geo_id,
    'flash sale delivery', total, 0, 0, total);

  FOR lot IN
    SELECT l.lot_id, l.quantity_remaining, l.unit_cost FROM oltp.inventory_lot l
    WHERE l.product_id = p_product_id AND l.warehouse_id = p_warehouse_id AND l.quantity_remaining > 0
    ORDER BY l.received_at, l.lot_id
    FOR UPDATE
  LOOP
    EXIT WHEN wanted = 0;
    taken := least(lot.quantity_remaining, wanted);
    UPDATE oltp.inventory_lot SET quantity_remaining = quantity_remaining - taken WHERE lot_id = lot.lot_id;
    INSERT INTO oltp.inventory_log (product_id, warehouse_id, change_type, quantity_before, quantity_change,
      quantity_after, reference_type, reference_id, lot_id)
    VALUES (p_product_id, p_warehouse_id, 'sale', stock_before, -taken, stock_before - taken, 'order',
      p_order_id, lot.lot_id);
    stock_before := stock_before - taken;
    cost := cost + taken * lot.unit_cost;
    wanted := wanted - taken;
  END LOOP;
  IF wanted > 0 THEN
    RAISE EXCEPTION 'lots of product % in warehouse % hold % units fewer than its stock', p_product_id, p_warehouse_id,
      wanted USING ERRCODE = 'EC005';
  END IF;

  INSERT INTO oltp.order_items (order_item_id, order_id, product_id, warehouse_id, quantity, unit_price, cost_amount)
  VALUES (p_order_item_id, p_order_id, p_product_id, p_warehouse_id, p_quantity, p_unit_price, cost);
  INSERT INTO oltp.payment (payment_id, order_id, payment_method_id, attempt_no, status, amount, paid_at, transaction_ref)
  VALUES (p_payment_id, p_order_id, p_payment_method_id, 1, 'paid', total, p_placed_at, 'TXF' || p_payment_id);
  RETURN true;
END
$$;

ALTER FUNCTION oltp.flash_purchase(bigint, bigint, bigint, bigint, smallint, timestamptz, smallint, integer,
  integer, integer, integer, numeric) OWNER TO ecommerce_owner;
REVOKE EXECUTE ON FUNCTION oltp.flash_purchase(bigint, bigint, bigint, bigint, smallint, timestamptz, smallint,
  integer, integer, integer, integer, numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION oltp.flash_purchase(bigint, bigint, bigint, bigint, smallint, timestamptz, smallint,
  integer, integer, integer, integer, numeric) TO ecommerce_writer;
