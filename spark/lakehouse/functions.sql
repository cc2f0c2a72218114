-- SQL functions every statement of the jobs and notebooks may use, created in each session
-- (lakehouse/session.py). Defined once here so that no mart repeats a time-zone shift or a
-- spelling rule.

-- The business day of an instant: the calendar date in Asia/Ho_Chi_Minh, from the zone's rules
-- (never a hand-made +7 h). Session time zone is UTC, so the instant is read as UTC first.
CREATE OR REPLACE TEMPORARY FUNCTION business_date(ts TIMESTAMP) RETURNS DATE
RETURN to_date(from_utc_timestamp(ts, 'Asia/Ho_Chi_Minh'));

-- One spelling per status: lower_snake ('DeliveryFailed', 'delivery failed', ' Delivered' ->
-- 'delivery_failed', 'delivery_failed', 'delivered'). Idempotent on values already spelled so.
CREATE OR REPLACE TEMPORARY FUNCTION status_code(s STRING) RETURNS STRING
RETURN lower(regexp_replace(regexp_replace(trim(s), '([a-z0-9])([A-Z])', '$1_$2'), '[\\s-]+', '_'));
