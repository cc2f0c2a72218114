-- Business rules the database enforces whatever client writes the rows. Each violation raises its
-- own SQLSTATE (class EC, not used by PostgreSQL) with a message that names the rule and the ids:
--   EC001 order status   EC002 payment amount   EC003 return/refund   EC004 discount
--   EC005 stock          EC006 review           EC007 cart            EC009 append-only log

-- ---------------------------------------------------------------------------------------------
-- Rule 1: order status state machine, with its history written by the database
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION oltp.orders_status_guard() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  last_change timestamptz;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'Pending' THEN
      RAISE EXCEPTION 'new order % must start as Pending, not %', NEW.order_code, NEW.status USING ERRCODE = 'EC001';
    END IF;
    RETURN NEW;
  END IF;

  IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NEW;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM oltp.order_status_transition WHERE from_status = OLD.status AND to_status = NEW.status
  ) THEN
    RAISE EXCEPTION 'illegal order status transition % -> % for order %', OLD.status, NEW.status, OLD.order_id
      USING ERRCODE = 'EC001';
  END IF;
  SELECT max(changed_at) INTO last_change FROM oltp.order_status_history WHERE order_id = OLD.order_id;
  IF oltp.clock_now() < last_change THEN
    RAISE EXCEPTION 'order status change % -> % for order % at % is earlier than its last status change at %',
      OLD.status, NEW.status, OLD.order_id, oltp.clock_now(), last_change USING ERRCODE = 'EC001';
  END IF;
  IF NEW.status = 'Completed' THEN
    NEW.completed_at := oltp.clock_now();
  ELSIF NEW.status = 'Cancelled' THEN
    NEW.cancelled_at := oltp.clock_now();
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER orders_status_guard BEFORE INSERT OR UPDATE OF status ON oltp.orders
FOR EACH ROW EXECUTE FUNCTION oltp.orders_status_guard();

-- SECURITY DEFINER so that the writer role needs (and gets) no INSERT on the history: the only way
-- a history row appears is a real status change.
CREATE FUNCTION oltp.orders_record_status() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NULL;
  END IF;
  INSERT INTO oltp.order_status_history (order_id, from_status, to_status, changed_at)
  VALUES (NEW.order_id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status, oltp.clock_now());
  RETURN NULL;
END
$$;

CREATE TRIGGER orders_record_status AFTER INSERT OR UPDATE OF status ON oltp.orders
FOR EACH ROW EXECUTE FUNCTION oltp.orders_record_status();

-- ---------------------------------------------------------------------------------------------
-- Rule 2: a payment charges exactly the order's total. Deferred to commit, so that an order, its
-- items and its payment can be written in any order inside one transaction.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION oltp.payment_matches_order_total() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  bad record;
BEGIN
  -- Deferred: re-read the rows as they are at commit, not as they were when the event queued.
  IF TG_TABLE_NAME = 'payment' THEN
    SELECT p.payment_id, p.amount, o.order_id, o.total_amount INTO bad
    FROM oltp.payment p JOIN oltp.orders o USING (order_id)
    WHERE p.payment_id = NEW.payment_id AND p.amount <> o.total_amount;
  ELSE
    SELECT p.payment_id, p.amount, o.order_id, o.total_amount INTO bad
    FROM oltp.payment p JOIN oltp.orders o USING (order_id)
    WHERE o.order_id = NEW.order_id AND p.status <> 'failed' AND p.amount <> o.total_amount
    LIMIT 1;
  END IF;
  IF FOUND THEN
    RAISE EXCEPTION 'payment amount must equal order total: payment % amount % but order % total is %',
      bad.payment_id, bad.amount, bad.order_id, bad.total_amount USING ERRCODE = 'EC002';
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER payment_matches_order_total AFTER INSERT OR UPDATE OF amount, order_id ON oltp.payment
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION oltp.payment_matches_order_total();

CREATE CONSTRAINT TRIGGER orders_total_matches_payments AFTER UPDATE OF total_amount ON oltp.orders
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN (NEW.total_amount IS DISTINCT FROM OLD.total_amount)
EXECUTE FUNCTION oltp.payment_matches_order_total();

CREATE FUNCTION oltp.payment_stamp_paid_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.status = 'paid' AND NEW.paid_at IS NULL THEN
    NEW.paid_at := oltp.clock_now();
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER payment_stamp_paid_at BEFORE INSERT OR UPDATE OF status ON oltp.payment
FOR EACH ROW EXECUTE FUNCTION oltp.payment_stamp_paid_at();

-- ---------------------------------------------------------------------------------------------
-- Rule 3: returns only for delivered orders, refunds within the order total, return status machine
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION oltp.order_return_guard() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  order_status text;
  order_total numeric;
  refunded numeric;
BEGIN
  -- Locking the order serialises concurrent returns, so two of them cannot both fit the total.
  SELECT status, total_amount INTO order_status, order_total FROM oltp.orders WHERE order_id = NEW.order_id FOR UPDATE;

  IF TG_OP = 'INSERT' THEN
    IF order_status NOT IN ('Delivered', 'Completed') THEN
      RAISE EXCEPTION 'return not allowed for order %: it is %, only Delivered or Completed orders can be returned',
        NEW.order_id, order_status USING ERRCODE = 'EC003';
    END IF;
    IF NEW.status <> 'pending' THEN
      RAISE EXCEPTION 'new return for order % must start as pending, not %', NEW.order_id, NEW.status
        USING ERRCODE = 'EC003';
    END IF;
  ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT (OLD.status, NEW.status) IN (
      ('pending', 'approved'), ('pending', 'rejected'), ('approved', 'processing'), ('processing', 'completed')
    ) THEN
      RAISE EXCEPTION 'illegal return status transition % -> % for return %', OLD.status, NEW.status, OLD.return_id
        USING ERRCODE = 'EC003';
    END IF;
    IF NEW.status IN ('rejected', 'completed') THEN
      NEW.resolved_at := oltp.clock_now();
    END IF;
  END IF;

  IF NEW.status <> 'rejected' THEN
    SELECT coalesce(sum(refund_amount), 0) + NEW.refund_amount INTO refunded
    FROM oltp.order_return
    WHERE order_id = NEW.order_id AND status <> 'rejected' AND return_id IS DISTINCT FROM NEW.return_id;
    IF refunded > order_total THEN
      RAISE EXCEPTION 'refunds for order % would total %, more than the order total %', NEW.order_id, refunded,
        order_total USING ERRCODE = 'EC003';
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER order_return_guard BEFORE INSERT OR UPDATE ON oltp.order_return
FOR EACH ROW EXECUTE FUNCTION oltp.order_return_guard();

-- ---------------------------------------------------------------------------------------------
-- Rule 4: discounts apply only inside their window and terms; the database counts their uses
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION oltp.orders_discount_guard() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  d oltp.discount;
  allowed numeric;
  newly_used boolean := TG_OP = 'INSERT' OR NEW.discount_id IS DISTINCT FROM OLD.discount_id;
BEGIN
  IF TG_OP = 'UPDATE' AND NOT newly_used
    AND (NEW.discount_amount, NEW.subtotal_amount, NEW.placed_at)
      IS NOT DISTINCT FROM (OLD.discount_amount, OLD.subtotal_amount, OLD.placed_at) THEN
    RETURN NEW;
  END IF;

  IF TG_OP = 'UPDATE' AND OLD.discount_id IS NOT NULL AND newly_used THEN
    UPDATE oltp.discount SET times_used = times_used - 1 WHERE discount_id = OLD.discount_id;
  END IF;
  IF NEW.discount_id IS NULL THEN
    RETURN NEW;
  END IF;

  -- The row lock also serialises concurrent orders racing for the last uses of a limited code.
  SELECT * INTO d FROM oltp.discount WHERE discount_id = NEW.discount_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NEW; -- the foreign key reports the missing discount
  END IF;
  IF newly_used AND NOT d.is_active THEN
    RAISE EXCEPTION 'discount % (%) is not active: order % cannot use it', d.discount_id, d.code, NEW.order_code
      USING ERRCODE = 'EC004';
  END IF;
  IF NOT (NEW.placed_at >= d.valid_from AND NEW.placed_at < d.valid_to) THEN
    RAISE EXCEPTION 'discount % (%) is valid from % to %, order % was placed at %', d.discount_id, d.code,
      d.valid_from, d.valid_to, NEW.order_code, NEW.placed_at USING ERRCODE = 'EC004';
  END IF;
  IF NEW.subtotal_amount < d.min_order_amount THEN
    RAISE EXCEPTION 'discount % (%) needs a subtotal of at least %, order % has %', d.discount_id, d.code,
      d.min_order_amount, NEW.order_code, NEW.subtotal_amount USING ERRCODE = 'EC004';
  END IF;
  allowed := CASE d.discount_type
    WHEN 'fixed_amount' THEN d.value
    ELSE least(round(NEW.subtotal_amount * d.value / 100, 2), coalesce(d.max_discount_amount, 'Infinity'))
  END;
  IF NEW.discount_amount > allowed THEN
    RAISE EXCEPTION 'discount % (%) allows at most % off order %, it claims %', d.discount_id, d.code, allowed,
      NEW.order_code, NEW.discount_amount USING ERRCODE = 'EC004';
  END IF;
  IF newly_used THEN
    IF d.times_used >= d.usage_limit THEN
      RAISE EXCEPTION 'discount % (%) usage limit % reached: order % cannot use it', d.discount_id, d.code,
        d.usage_limit, NEW.order_code USING ERRCODE = 'EC004';
    END IF;
    UPDATE oltp.discount SET times_used = times_used + 1 WHERE discount_id = d.discount_id;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER orders_discount_guard BEFORE INSERT OR UPDATE ON oltp.orders
FOR EACH ROW EXECUTE FUNCTION oltp.orders_discount_guard();

-- ---------------------------------------------------------------------------------------------
-- Rule 5: stock never goes negative, with a message that says how short it is
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION oltp.inventory_stock_guard() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.quantity < 0 THEN
    RAISE EXCEPTION 'insufficient stock for product % in warehouse %: have %, need %', NEW.product_id,
      NEW.warehouse_id, OLD.quantity, OLD.quantity - NEW.quantity USING ERRCODE = 'EC005';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER inventory_stock_guard BEFORE UPDATE OF quantity ON oltp.inventory
FOR EACH ROW EXECUTE FUNCTION oltp.inventory_stock_guard();

CREATE FUNCTION oltp.inventory_lot_stock_guard() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.quantity_remaining < 0 THEN
    RAISE EXCEPTION 'insufficient stock in lot % (product % in warehouse %): have %, need %', NEW.lot_id,
      NEW.product_id, NEW.warehouse_id, OLD.quantity_remaining, OLD.quantity_remaining - NEW.quantity_remaining
      USING ERRCODE = 'EC005';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER inventory_lot_stock_guard BEFORE UPDATE OF quantity_remaining ON oltp.inventory_lot
FOR EACH ROW EXECUTE FUNCTION oltp.inventory_lot_stock_guard();

CREATE FUNCTION oltp.stock_alert_guard() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF OLD.status = 'resolved' THEN
      RAISE EXCEPTION 'stock alert % is resolved and cannot reopen: raise a new alert instead', OLD.alert_id
        USING ERRCODE = 'EC005';
    END IF;
    NEW.resolved_at := oltp.clock_now();
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER stock_alert_guard BEFORE UPDATE OF status ON oltp.stock_alert
FOR EACH ROW EXECUTE FUNCTION oltp.stock_alert_guard();

CREATE FUNCTION oltp.purchase_order_guard() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'ordered' THEN
      RAISE EXCEPTION 'new purchase order % must start as ordered, not %', NEW.po_code, NEW.status
        USING ERRCODE = 'EC005';
    END IF;
  ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
    IF OLD.status <> 'ordered' THEN
      RAISE EXCEPTION 'purchase order % is % and cannot become %', OLD.purchase_order_id, OLD.status, NEW.status
        USING ERRCODE = 'EC005';
    END IF;
    IF NEW.status = 'received' THEN
      NEW.received_at := coalesce(NEW.received_at, oltp.clock_now());
    ELSE
      NEW.cancelled_at := coalesce(NEW.cancelled_at, oltp.clock_now());
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER purchase_order_guard BEFORE INSERT OR UPDATE OF status ON oltp.purchase_order
FOR EACH ROW EXECUTE FUNCTION oltp.purchase_order_guard();

-- ---------------------------------------------------------------------------------------------
-- Rule 6: a review comes from a customer who ordered the product
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION oltp.product_review_guard() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM oltp.orders o JOIN oltp.order_items i USING (order_id)
    WHERE o.order_id = NEW.order_id AND o.customer_id = NEW.customer_id AND i.product_id = NEW.product_id
  ) THEN
    RAISE EXCEPTION 'review by customer % of product % must reference an order of that customer containing it (order %)',
      NEW.customer_id, NEW.product_id, NEW.order_id USING ERRCODE = 'EC006';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER product_review_guard BEFORE INSERT OR UPDATE OF customer_id, product_id, order_id ON oltp.product_review
FOR EACH ROW EXECUTE FUNCTION oltp.product_review_guard();

-- ---------------------------------------------------------------------------------------------
-- Rule 7: cart lifecycle, checkout needs items and stock, expiry follows the last activity
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION oltp.cart_guard() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  short record;
BEGIN
  NEW.expires_at := NEW.last_activity_at + interval '7 days';

  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'active' THEN
      RAISE EXCEPTION 'new cart for customer % must start as active, not %', NEW.customer_id, NEW.status
        USING ERRCODE = 'EC007';
    END IF;
    RETURN NEW;
  END IF;

  IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NEW;
  END IF;
  IF OLD.status <> 'active' THEN
    RAISE EXCEPTION 'cart % is % and cannot become %', OLD.cart_id, OLD.status, NEW.status USING ERRCODE = 'EC007';
  END IF;

  IF NEW.status = 'expired' AND oltp.clock_now() < NEW.expires_at THEN
    RAISE EXCEPTION 'cart % cannot expire before %, it is only %', OLD.cart_id, NEW.expires_at, oltp.clock_now()
      USING ERRCODE = 'EC007';
  END IF;

  IF NEW.status = 'checked_out' THEN
    IF NOT EXISTS (SELECT 1 FROM oltp.cart_items WHERE cart_id = OLD.cart_id) THEN
      RAISE EXCEPTION 'cart % cannot be checked out: it has no items', OLD.cart_id USING ERRCODE = 'EC007';
    END IF;
    SELECT ci.product_id, ci.quantity AS wanted, coalesce(sum(inv.quantity), 0) AS available INTO short
    FROM oltp.cart_items ci LEFT JOIN oltp.inventory inv USING (product_id)
    WHERE ci.cart_id = OLD.cart_id
    GROUP BY ci.product_id, ci.quantity
    HAVING coalesce(sum(inv.quantity), 0) < ci.quantity
    ORDER BY ci.product_id
    LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'cart % cannot be checked out: product % has only % units in stock, cart wants %', OLD.cart_id,
        short.product_id, short.available, short.wanted USING ERRCODE = 'EC007';
    END IF;
    NEW.checked_out_at := coalesce(NEW.checked_out_at, oltp.clock_now());
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER cart_guard BEFORE INSERT OR UPDATE ON oltp.cart
FOR EACH ROW EXECUTE FUNCTION oltp.cart_guard();

CREATE FUNCTION oltp.cart_items_guard() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  cart_status text;
BEGIN
  -- FOR SHARE waits for a concurrent checkout of the same cart, so no item slips in after it.
  SELECT status INTO cart_status FROM oltp.cart WHERE cart_id = NEW.cart_id FOR SHARE;
  IF cart_status <> 'active' THEN
    RAISE EXCEPTION 'cannot change items of cart %: it is %', NEW.cart_id, cart_status USING ERRCODE = 'EC007';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER cart_items_guard BEFORE INSERT OR UPDATE ON oltp.cart_items
FOR EACH ROW EXECUTE FUNCTION oltp.cart_items_guard();

-- ---------------------------------------------------------------------------------------------
-- Rule 8: the loyalty tier is derived from lifetime spend, so it can never drift
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION oltp.customers_set_tier() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  -- A negative spend maps to no tier; keep the old one so the CHECK on lifetime_spend reports it.
  NEW.tier := coalesce(oltp.tier_for_spend(NEW.lifetime_spend), NEW.tier);
  RETURN NEW;
END
$$;

CREATE TRIGGER customers_set_tier BEFORE INSERT OR UPDATE OF lifetime_spend, tier ON oltp.customers
FOR EACH ROW EXECUTE FUNCTION oltp.customers_set_tier();

-- ---------------------------------------------------------------------------------------------
-- Append-only logs: their ingestion cursor is created_at, so a changed or deleted row would be
-- silently missed downstream.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION oltp.reject_log_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'oltp.% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'EC009';
END
$$;

CREATE TRIGGER reject_log_change BEFORE UPDATE OR DELETE ON oltp.order_status_history
FOR EACH ROW EXECUTE FUNCTION oltp.reject_log_change();
CREATE TRIGGER reject_log_change BEFORE UPDATE OR DELETE ON oltp.inventory_log
FOR EACH ROW EXECUTE FUNCTION oltp.reject_log_change();
CREATE TRIGGER reject_log_change BEFORE UPDATE OR DELETE ON oltp.customer_activity_log
FOR EACH ROW EXECUTE FUNCTION oltp.reject_log_change();
CREATE TRIGGER reject_log_change BEFORE UPDATE OR DELETE ON oltp.fraud_label
FOR EACH ROW EXECUTE FUNCTION oltp.reject_log_change();
