-- An UPDATE that changes nothing still writes a new row version (a new xmin). Incremental ingestion
-- reads new row versions, so such an update would reach the lake as a duplicate of a version it
-- already holds. PostgreSQL's suppress_redundant_updates_trigger skips those updates; it must run
-- after every other BEFORE UPDATE trigger (triggers fire in name order, hence the zz_ prefix), once
-- touch_updated_at has left updated_at alone for a row that did not change.

DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT c.relname
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'oltp' AND c.relkind = 'r'
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'updated_at' AND NOT a.attisdropped)
  LOOP
    EXECUTE format(
      'CREATE TRIGGER zz_suppress_redundant_updates BEFORE UPDATE ON oltp.%I FOR EACH ROW '
      'EXECUTE FUNCTION suppress_redundant_updates_trigger()',
      t.relname);
  END LOOP;
END
$$;
