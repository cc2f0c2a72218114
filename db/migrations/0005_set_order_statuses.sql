-- Moves many orders along their status timelines in one call, in the order given.
--
-- A set-based UPDATE ... FROM unnest(...) visits rows in whatever order its plan picks (a hash join
-- follows the table's physical layout, which vacuum timing changes), and the status trigger numbers
-- order_status_history rows as it meets them. Walking the arrays in order makes those numbers, and
-- so a seeded simulation's whole database, reproducible. SECURITY INVOKER: each UPDATE goes through
-- the state machine and history triggers exactly like a client's own statement.

CREATE FUNCTION oltp.set_order_statuses(p_order_ids bigint[], p_statuses text[]) RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
  i integer;
  n integer := coalesce(array_length(p_order_ids, 1), 0);
BEGIN
  IF n <> coalesce(array_length(p_statuses, 1), 0) THEN
    RAISE EXCEPTION 'set_order_statuses: % order ids but % statuses', n, coalesce(array_length(p_statuses, 1), 0)
      USING ERRCODE = 'EC001';
  END IF;
  FOR i IN 1 .. n LOOP
    UPDATE oltp.orders SET status = p_statuses[i] WHERE order_id = p_order_ids[i];
    IF NOT FOUND THEN
      RAISE EXCEPTION 'set_order_statuses: order % does not exist', p_order_ids[i] USING ERRCODE = 'EC001';
    END IF;
  END LOOP;
  RETURN n;
END
$$;

REVOKE ALL ON FUNCTION oltp.set_order_statuses(bigint[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION oltp.set_order_statuses(bigint[], text[]) TO ecommerce_writer;
