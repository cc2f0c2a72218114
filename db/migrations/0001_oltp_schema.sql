-- Operational schema: tables, constraints and indexes. Business-rule triggers live in 0002,
-- privileges in 0003. Runs as ecommerce_owner, which therefore owns every object.

CREATE SCHEMA oltp;

-- The simulator replays time: it sets app.sim_now per session, and every time the database itself
-- stamps must follow that clock, or histories mix simulated and wall-clock time.
CREATE FUNCTION oltp.clock_now() RETURNS timestamptz
LANGUAGE sql STABLE
AS $$ SELECT coalesce(nullif(current_setting('app.sim_now', true), '')::timestamptz, now()) $$;

-- Ingestion reads rows with updated_at past its cursor, so updated_at must move on every real
-- change and only then: an idempotent reference reload must not make every row look new.
CREATE FUNCTION oltp.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW IS NOT DISTINCT FROM OLD THEN
    RETURN NEW;
  END IF;
  NEW.updated_at := oltp.clock_now();
  RETURN NEW;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Reference data loaded from db/reference/*.csv (plain keys, the CSV supplies the ids)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE oltp.order_channel (
  channel_id      smallint PRIMARY KEY,
  code            text NOT NULL UNIQUE CHECK (btrim(code) <> ''),
  name            text NOT NULL CHECK (btrim(name) <> ''),
  channel_type    text NOT NULL CHECK (channel_type IN ('marketplace', 'social_commerce', 'own_store')),
  commission_rate numeric(5, 4) NOT NULL CHECK (commission_rate BETWEEN 0 AND 1),
  created_at      timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at      timestamptz NOT NULL DEFAULT oltp.clock_now()
);

CREATE TABLE oltp.payment_method (
  payment_method_id   smallint PRIMARY KEY,
  code                text NOT NULL UNIQUE CHECK (btrim(code) <> ''),
  name                text NOT NULL CHECK (btrim(name) <> ''),
  is_cash_on_delivery boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at          timestamptz NOT NULL DEFAULT oltp.clock_now()
);

CREATE TABLE oltp.geo_location (
  geo_id        integer PRIMARY KEY,
  ward_code     text NOT NULL UNIQUE CHECK (btrim(ward_code) <> ''),
  ward_name     text NOT NULL CHECK (btrim(ward_name) <> ''),
  district_code text NOT NULL CHECK (btrim(district_code) <> ''),
  district_name text NOT NULL CHECK (btrim(district_name) <> ''),
  province_code text NOT NULL CHECK (btrim(province_code) <> ''),
  province_name text NOT NULL CHECK (btrim(province_name) <> ''),
  region        text NOT NULL CHECK (region IN ('north', 'central', 'south')),
  latitude      numeric(9, 6) NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude     numeric(9, 6) NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  created_at    timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at    timestamptz NOT NULL DEFAULT oltp.clock_now()
);
CREATE INDEX geo_location_province_idx ON oltp.geo_location (province_code);

CREATE TABLE oltp.category (
  category_id integer PRIMARY KEY,
  code        text NOT NULL UNIQUE CHECK (btrim(code) <> ''),
  name        text NOT NULL CHECK (btrim(name) <> ''),
  created_at  timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at  timestamptz NOT NULL DEFAULT oltp.clock_now()
);

CREATE TABLE oltp.sub_category (
  sub_category_id integer PRIMARY KEY,
  category_id     integer NOT NULL REFERENCES oltp.category,
  code            text NOT NULL UNIQUE CHECK (btrim(code) <> ''),
  name            text NOT NULL CHECK (btrim(name) <> ''),
  created_at      timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at      timestamptz NOT NULL DEFAULT oltp.clock_now(),
  -- Target of product's composite key, which keeps a product's category and sub-category agreeing.
  UNIQUE (sub_category_id, category_id)
);
CREATE INDEX sub_category_category_idx ON oltp.sub_category (category_id);

CREATE TABLE oltp.brand (
  brand_id   integer PRIMARY KEY,
  code       text NOT NULL UNIQUE CHECK (btrim(code) <> ''),
  name       text NOT NULL CHECK (btrim(name) <> ''),
  country    char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  created_at timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at timestamptz NOT NULL DEFAULT oltp.clock_now()
);

CREATE TABLE oltp.product (
  product_id      integer PRIMARY KEY,
  sku             text NOT NULL UNIQUE CHECK (btrim(sku) <> ''),
  name            text NOT NULL CHECK (btrim(name) <> ''),
  category_id     integer NOT NULL REFERENCES oltp.category,
  sub_category_id integer NOT NULL,
  brand_id        integer NOT NULL REFERENCES oltp.brand,
  list_price      numeric(16, 2) NOT NULL CHECK (list_price > 0),
  unit_cost       numeric(16, 2) NOT NULL CHECK (unit_cost > 0),
  weight_grams    integer NOT NULL CHECK (weight_grams > 0),
  warranty_months integer NOT NULL DEFAULT 0 CHECK (warranty_months >= 0),
  launched_on     date NOT NULL,
  is_active       boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at      timestamptz NOT NULL DEFAULT oltp.clock_now(),
  CONSTRAINT product_cost_below_price CHECK (unit_cost < list_price),
  CONSTRAINT product_sub_category_matches_category FOREIGN KEY (sub_category_id, category_id)
    REFERENCES oltp.sub_category (sub_category_id, category_id)
);
CREATE INDEX product_category_idx ON oltp.product (category_id, sub_category_id);
CREATE INDEX product_brand_idx ON oltp.product (brand_id);

CREATE TABLE oltp.warehouse (
  warehouse_id   integer PRIMARY KEY,
  code           text NOT NULL UNIQUE CHECK (btrim(code) <> ''),
  name           text NOT NULL CHECK (btrim(name) <> ''),
  geo_id         integer NOT NULL REFERENCES oltp.geo_location,
  region         text NOT NULL CHECK (region IN ('north', 'central', 'south')),
  capacity_units integer NOT NULL CHECK (capacity_units > 0),
  created_at     timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at     timestamptz NOT NULL DEFAULT oltp.clock_now()
);

CREATE TABLE oltp.logistics_partner (
  partner_id   integer PRIMARY KEY,
  code         text NOT NULL UNIQUE CHECK (btrim(code) <> ''),
  name         text NOT NULL CHECK (btrim(name) <> ''),
  on_time_rate numeric(5, 4) NOT NULL CHECK (on_time_rate BETWEEN 0 AND 1),
  base_fee     numeric(16, 2) NOT NULL CHECK (base_fee >= 0),
  created_at   timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at   timestamptz NOT NULL DEFAULT oltp.clock_now()
);

CREATE TABLE oltp.shipping_method (
  shipping_method_id integer PRIMARY KEY,
  code               text NOT NULL UNIQUE CHECK (btrim(code) <> ''),
  name               text NOT NULL CHECK (btrim(name) <> ''),
  delivery_hours     integer NOT NULL CHECK (delivery_hours > 0),
  fee_multiplier     numeric(4, 2) NOT NULL CHECK (fee_multiplier > 0),
  created_at         timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at         timestamptz NOT NULL DEFAULT oltp.clock_now()
);

-- ---------------------------------------------------------------------------------------------
-- Reference data seeded here because rules depend on it
-- ---------------------------------------------------------------------------------------------

CREATE TABLE oltp.order_status_transition (
  from_status text NOT NULL CHECK (from_status IN ('Pending', 'Confirmed', 'Processing', 'Packed', 'Shipped',
    'Delivering', 'Delivered', 'Completed', 'Cancelled', 'DeliveryFailed', 'Returned')),
  to_status   text NOT NULL CHECK (to_status IN ('Pending', 'Confirmed', 'Processing', 'Packed', 'Shipped',
    'Delivering', 'Delivered', 'Completed', 'Cancelled', 'DeliveryFailed', 'Returned')),
  created_at  timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at  timestamptz NOT NULL DEFAULT oltp.clock_now(),
  PRIMARY KEY (from_status, to_status),
  CHECK (from_status <> to_status)
);
INSERT INTO oltp.order_status_transition (from_status, to_status) VALUES
  ('Pending', 'Confirmed'), ('Pending', 'Cancelled'),
  ('Confirmed', 'Processing'), ('Confirmed', 'Cancelled'),
  ('Processing', 'Packed'), ('Processing', 'Cancelled'),
  ('Packed', 'Shipped'),
  ('Shipped', 'Delivering'),
  ('Delivering', 'Delivered'), ('Delivering', 'DeliveryFailed'),
  ('DeliveryFailed', 'Shipped'), ('DeliveryFailed', 'Returned'),
  ('Delivered', 'Completed');

CREATE TABLE oltp.loyalty_tier (
  tier               text PRIMARY KEY CHECK (tier IN ('Bronze', 'Silver', 'Gold', 'Platinum')),
  min_lifetime_spend numeric(16, 2) NOT NULL UNIQUE CHECK (min_lifetime_spend >= 0),
  points_multiplier  numeric(4, 2) NOT NULL CHECK (points_multiplier > 0),
  created_at         timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at         timestamptz NOT NULL DEFAULT oltp.clock_now()
);
INSERT INTO oltp.loyalty_tier (tier, min_lifetime_spend, points_multiplier) VALUES
  ('Bronze', 0, 1), ('Silver', 5000000, 1.5), ('Gold', 20000000, 2), ('Platinum', 50000000, 3);

CREATE FUNCTION oltp.tier_for_spend(spend numeric) RETURNS text
LANGUAGE sql STABLE STRICT
AS $$
  SELECT tier FROM oltp.loyalty_tier WHERE min_lifetime_spend <= spend ORDER BY min_lifetime_spend DESC LIMIT 1
$$;

-- Points accrue per whole 10,000 VND; the outer floor keeps Silver's x1.5 an integer.
CREATE FUNCTION oltp.loyalty_points(spend numeric, tier text) RETURNS bigint
LANGUAGE sql STABLE STRICT
AS $$
  SELECT floor(floor(spend / 10000) * t.points_multiplier)::bigint FROM oltp.loyalty_tier t WHERE t.tier = $2
$$;

-- ---------------------------------------------------------------------------------------------
-- Customers and their behaviour
-- ---------------------------------------------------------------------------------------------

CREATE TABLE oltp.customers (
  customer_id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_code         text NOT NULL UNIQUE CHECK (btrim(customer_code) <> ''),
  full_name             text NOT NULL CHECK (btrim(full_name) <> ''),
  email                 text NOT NULL UNIQUE CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
  phone                 text CHECK (phone ~ '^\+?[0-9 ]{8,20}$'),
  gender                text CHECK (gender IN ('male', 'female', 'other')),
  birth_date            date CHECK (birth_date >= DATE '1900-01-01'),
  geo_id                integer NOT NULL REFERENCES oltp.geo_location,
  address_line          text NOT NULL CHECK (btrim(address_line) <> ''),
  registered_channel_id smallint NOT NULL REFERENCES oltp.order_channel,
  persona               text NOT NULL CHECK (persona ~ '^[a-z][a-z0-9_]*$'),
  tier                  text NOT NULL DEFAULT 'Bronze' REFERENCES oltp.loyalty_tier
    CHECK (tier IN ('Bronze', 'Silver', 'Gold', 'Platinum')),
  lifetime_spend        numeric(16, 2) NOT NULL DEFAULT 0 CHECK (lifetime_spend >= 0),
  loyalty_points        bigint NOT NULL DEFAULT 0 CHECK (loyalty_points >= 0),
  registered_at         timestamptz NOT NULL DEFAULT oltp.clock_now(),
  device_fingerprint    text,
  created_at            timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at            timestamptz NOT NULL DEFAULT oltp.clock_now()
);
CREATE INDEX customers_geo_idx ON oltp.customers (geo_id);
-- Fraud detection looks for many accounts sharing one device.
CREATE INDEX customers_device_fingerprint_idx ON oltp.customers (device_fingerprint) WHERE device_fingerprint IS NOT NULL;

CREATE TABLE oltp.wishlist (
  wishlist_id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES oltp.customers,
  product_id  integer NOT NULL REFERENCES oltp.product,
  added_at    timestamptz NOT NULL DEFAULT oltp.clock_now(),
  removed_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at  timestamptz NOT NULL DEFAULT oltp.clock_now(),
  UNIQUE (customer_id, product_id),
  CHECK (removed_at >= added_at)
);
CREATE INDEX wishlist_product_idx ON oltp.wishlist (product_id);

CREATE TABLE oltp.customer_activity_log (
  activity_id   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id   bigint REFERENCES oltp.customers,
  session_id    text NOT NULL CHECK (btrim(session_id) <> ''),
  activity_type text NOT NULL
    CHECK (activity_type IN ('view', 'search', 'add_to_cart', 'remove_from_cart', 'purchase', 'review', 'wishlist')),
  channel_id    smallint NOT NULL REFERENCES oltp.order_channel,
  product_id    integer REFERENCES oltp.product,
  search_query  text,
  metadata      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  occurred_at   timestamptz NOT NULL DEFAULT oltp.clock_now(),
  created_at    timestamptz NOT NULL DEFAULT oltp.clock_now(),
  CONSTRAINT customer_activity_search_has_query CHECK (activity_type <> 'search' OR search_query IS NOT NULL),
  CONSTRAINT customer_activity_product_action_has_product
    CHECK (activity_type NOT IN ('add_to_cart', 'remove_from_cart', 'review', 'wishlist') OR product_id IS NOT NULL)
);
CREATE INDEX customer_activity_log_customer_time_idx ON oltp.customer_activity_log (customer_id, occurred_at);
CREATE INDEX customer_activity_log_session_idx ON oltp.customer_activity_log (session_id);

-- ---------------------------------------------------------------------------------------------
-- Promotions, carts and orders
-- ---------------------------------------------------------------------------------------------

CREATE TABLE oltp.discount (
  discount_id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code                text NOT NULL UNIQUE CHECK (btrim(code) <> ''),
  name                text NOT NULL CHECK (btrim(name) <> ''),
  discount_type       text NOT NULL CHECK (discount_type IN ('percent', 'fixed_amount')),
  value               numeric(16, 2) NOT NULL,
  max_discount_amount numeric(16, 2) CHECK (max_discount_amount > 0),
  min_order_amount    numeric(16, 2) NOT NULL DEFAULT 0 CHECK (min_order_amount >= 0),
  valid_from          timestamptz NOT NULL,
  valid_to            timestamptz NOT NULL,
  usage_limit         integer CHECK (usage_limit > 0),
  times_used          integer NOT NULL DEFAULT 0 CHECK (times_used >= 0),
  campaign            text,
  is_active           boolean NOT NULL DEFAULT true,
  created_at          timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at          timestamptz NOT NULL DEFAULT oltp.clock_now(),
  CONSTRAINT discount_value_in_range CHECK (
    (discount_type = 'percent' AND value > 0 AND value <= 70) OR (discount_type = 'fixed_amount' AND value > 0)
  ),
  CONSTRAINT discount_window_ordered CHECK (valid_from < valid_to),
  CONSTRAINT discount_usage_within_limit CHECK (times_used <= usage_limit)
);
CREATE INDEX discount_window_idx ON oltp.discount (valid_from, valid_to) WHERE is_active;

CREATE TABLE oltp.cart (
  cart_id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id      bigint NOT NULL REFERENCES oltp.customers,
  channel_id       smallint NOT NULL REFERENCES oltp.order_channel,
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'checked_out', 'abandoned', 'expired')),
  last_activity_at timestamptz NOT NULL DEFAULT oltp.clock_now(),
  -- Set by trigger to last_activity_at + 7 days, so it cannot drift from the activity it follows.
  expires_at       timestamptz NOT NULL,
  checked_out_at   timestamptz,
  order_id         bigint UNIQUE,
  created_at       timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at       timestamptz NOT NULL DEFAULT oltp.clock_now(),
  CONSTRAINT cart_checked_out_has_order CHECK ((status = 'checked_out') = (order_id IS NOT NULL)),
  CONSTRAINT cart_checked_out_has_time CHECK ((status = 'checked_out') = (checked_out_at IS NOT NULL)),
  CHECK (expires_at > last_activity_at)
);
CREATE INDEX cart_open_by_customer_idx ON oltp.cart (customer_id) WHERE status = 'active';
CREATE INDEX cart_open_expiry_idx ON oltp.cart (expires_at) WHERE status = 'active';

CREATE TABLE oltp.cart_items (
  cart_item_id    bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  cart_id         bigint NOT NULL REFERENCES oltp.cart ON DELETE CASCADE,
  product_id      integer NOT NULL REFERENCES oltp.product,
  quantity        integer NOT NULL CHECK (quantity > 0),
  unit_price      numeric(16, 2) NOT NULL CHECK (unit_price > 0),
  discount_amount numeric(16, 2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
  amount          numeric(16, 2) GENERATED ALWAYS AS (unit_price * quantity - discount_amount) STORED,
  created_at      timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at      timestamptz NOT NULL DEFAULT oltp.clock_now(),
  UNIQUE (cart_id, product_id),
  CONSTRAINT cart_items_amount_not_negative CHECK (amount >= 0)
);
CREATE INDEX cart_items_product_idx ON oltp.cart_items (product_id);

CREATE TABLE oltp.orders (
  order_id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  order_code         text NOT NULL UNIQUE CHECK (btrim(order_code) <> ''),
  customer_id        bigint NOT NULL REFERENCES oltp.customers,
  channel_id         smallint NOT NULL REFERENCES oltp.order_channel,
  cart_id            bigint UNIQUE REFERENCES oltp.cart,
  status             text NOT NULL DEFAULT 'Pending' CHECK (status IN ('Pending', 'Confirmed', 'Processing', 'Packed',
    'Shipped', 'Delivering', 'Delivered', 'Completed', 'Cancelled', 'DeliveryFailed', 'Returned')),
  placed_at          timestamptz NOT NULL DEFAULT oltp.clock_now(),
  payment_method_id  smallint NOT NULL REFERENCES oltp.payment_method,
  shipping_geo_id    integer NOT NULL REFERENCES oltp.geo_location,
  shipping_address   text NOT NULL CHECK (btrim(shipping_address) <> ''),
  discount_id        bigint REFERENCES oltp.discount,
  subtotal_amount    numeric(16, 2) NOT NULL CHECK (subtotal_amount >= 0),
  discount_amount    numeric(16, 2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
  shipping_fee       numeric(16, 2) NOT NULL DEFAULT 0 CHECK (shipping_fee >= 0),
  total_amount       numeric(16, 2) NOT NULL,
  device_fingerprint text,
  ip_address         inet,
  completed_at       timestamptz,
  cancelled_at       timestamptz,
  created_at         timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at         timestamptz NOT NULL DEFAULT oltp.clock_now(),
  CONSTRAINT orders_total_adds_up CHECK (total_amount = subtotal_amount - discount_amount + shipping_fee),
  CONSTRAINT orders_discount_within_subtotal CHECK (discount_amount <= subtotal_amount),
  CONSTRAINT orders_completed_at_iff_completed CHECK ((status = 'Completed') = (completed_at IS NOT NULL)),
  CONSTRAINT orders_cancelled_at_iff_cancelled CHECK ((status = 'Cancelled') = (cancelled_at IS NOT NULL))
);
CREATE INDEX orders_customer_idx ON oltp.orders (customer_id, placed_at);
CREATE INDEX orders_placed_at_idx ON oltp.orders (placed_at);
CREATE INDEX orders_discount_idx ON oltp.orders (discount_id) WHERE discount_id IS NOT NULL;
-- The simulator advances every open order along its timeline; terminal ones never move again.
CREATE INDEX orders_open_idx ON oltp.orders (status, placed_at) WHERE status NOT IN ('Completed', 'Cancelled', 'Returned');
CREATE INDEX orders_device_fingerprint_idx ON oltp.orders (device_fingerprint) WHERE device_fingerprint IS NOT NULL;

-- cart and orders point at each other; the second key can only exist once both tables do.
ALTER TABLE oltp.cart ADD FOREIGN KEY (order_id) REFERENCES oltp.orders;

CREATE TABLE oltp.order_status_history (
  history_id  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  order_id    bigint NOT NULL REFERENCES oltp.orders,
  from_status text,
  to_status   text NOT NULL CHECK (to_status IN ('Pending', 'Confirmed', 'Processing', 'Packed', 'Shipped',
    'Delivering', 'Delivered', 'Completed', 'Cancelled', 'DeliveryFailed', 'Returned')),
  changed_at  timestamptz NOT NULL DEFAULT oltp.clock_now(),
  created_at  timestamptz NOT NULL DEFAULT oltp.clock_now(),
  -- Only the first row (from_status NULL, to Pending) escapes the transition table.
  CONSTRAINT order_status_history_legal_transition FOREIGN KEY (from_status, to_status)
    REFERENCES oltp.order_status_transition (from_status, to_status),
  CONSTRAINT order_status_history_starts_pending CHECK (from_status IS NOT NULL OR to_status = 'Pending')
);
CREATE INDEX order_status_history_order_idx ON oltp.order_status_history (order_id, changed_at);

CREATE TABLE oltp.order_items (
  order_item_id   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  order_id        bigint NOT NULL REFERENCES oltp.orders,
  product_id      integer NOT NULL REFERENCES oltp.product,
  warehouse_id    integer NOT NULL REFERENCES oltp.warehouse,
  quantity        integer NOT NULL CHECK (quantity > 0),
  unit_price      numeric(16, 2) NOT NULL CHECK (unit_price > 0),
  discount_amount numeric(16, 2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
  line_amount     numeric(16, 2) GENERATED ALWAYS AS (unit_price * quantity - discount_amount) STORED,
  -- FIFO cost of goods sold, known once the stock is allocated from lots.
  cost_amount     numeric(16, 2) CHECK (cost_amount >= 0),
  created_at      timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at      timestamptz NOT NULL DEFAULT oltp.clock_now(),
  CONSTRAINT order_items_line_amount_not_negative CHECK (line_amount >= 0),
  UNIQUE (order_id, product_id, warehouse_id),
  -- Target of order_return's composite key: a returned item must belong to the returned order.
  UNIQUE (order_item_id, order_id)
);
CREATE INDEX order_items_product_idx ON oltp.order_items (product_id);

CREATE TABLE oltp.payment (
  payment_id        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  order_id          bigint NOT NULL REFERENCES oltp.orders,
  payment_method_id smallint NOT NULL REFERENCES oltp.payment_method,
  attempt_no        smallint NOT NULL DEFAULT 1 CHECK (attempt_no > 0),
  status            text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'paid', 'failed', 'refunded', 'partially_refunded', 'chargeback')),
  amount            numeric(16, 2) NOT NULL CHECK (amount > 0),
  refunded_amount   numeric(16, 2) NOT NULL DEFAULT 0,
  paid_at           timestamptz,
  failure_reason    text,
  transaction_ref   text UNIQUE,
  created_at        timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at        timestamptz NOT NULL DEFAULT oltp.clock_now(),
  UNIQUE (order_id, attempt_no),
  CONSTRAINT payment_refund_within_amount CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
  CONSTRAINT payment_refund_matches_status CHECK (
    (status = 'refunded' AND refunded_amount = amount)
    OR (status = 'partially_refunded' AND refunded_amount > 0 AND refunded_amount < amount)
    OR (status NOT IN ('refunded', 'partially_refunded') AND refunded_amount = 0)
    OR status = 'chargeback'
  ),
  CONSTRAINT payment_settled_has_paid_at
    CHECK (status NOT IN ('paid', 'refunded', 'partially_refunded', 'chargeback') OR paid_at IS NOT NULL),
  CONSTRAINT payment_failed_has_reason CHECK (status <> 'failed' OR failure_reason IS NOT NULL)
);
CREATE INDEX payment_method_idx ON oltp.payment (payment_method_id);

CREATE TABLE oltp.shipment (
  shipment_id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  order_id              bigint NOT NULL REFERENCES oltp.orders,
  partner_id            integer NOT NULL REFERENCES oltp.logistics_partner,
  shipping_method_id    integer NOT NULL REFERENCES oltp.shipping_method,
  warehouse_id          integer NOT NULL REFERENCES oltp.warehouse,
  tracking_code         text NOT NULL UNIQUE CHECK (btrim(tracking_code) <> ''),
  status                text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'picked_up', 'in_transit',
    'delivering', 'delivered', 'failed', 'returned_to_sender')),
  shipping_fee          numeric(16, 2) NOT NULL DEFAULT 0 CHECK (shipping_fee >= 0),
  shipped_at            timestamptz,
  estimated_delivery_at timestamptz,
  delivered_at          timestamptz,
  attempt_count         smallint NOT NULL DEFAULT 0 CHECK (attempt_count >= 0),
  created_at            timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at            timestamptz NOT NULL DEFAULT oltp.clock_now(),
  CONSTRAINT shipment_delivered_after_shipped CHECK (delivered_at >= shipped_at),
  CONSTRAINT shipment_estimate_after_shipped CHECK (estimated_delivery_at >= shipped_at),
  CONSTRAINT shipment_delivered_has_time CHECK (status <> 'delivered' OR delivered_at IS NOT NULL),
  CONSTRAINT shipment_moving_has_shipped_at
    CHECK (status IN ('pending', 'picked_up') OR shipped_at IS NOT NULL)
);
CREATE INDEX shipment_order_idx ON oltp.shipment (order_id);
CREATE INDEX shipment_partner_idx ON oltp.shipment (partner_id, shipped_at);

CREATE TABLE oltp.order_return (
  return_id     bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  order_id      bigint NOT NULL REFERENCES oltp.orders,
  order_item_id bigint,
  return_type   text NOT NULL CHECK (return_type IN ('refund', 'exchange', 'repair')),
  reason        text NOT NULL CHECK (btrim(reason) <> ''),
  status        text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'approved', 'rejected', 'processing', 'completed')),
  refund_amount numeric(16, 2) NOT NULL DEFAULT 0 CHECK (refund_amount >= 0),
  requested_at  timestamptz NOT NULL DEFAULT oltp.clock_now(),
  resolved_at   timestamptz,
  restocked     boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at    timestamptz NOT NULL DEFAULT oltp.clock_now(),
  CONSTRAINT order_return_item_of_order FOREIGN KEY (order_item_id, order_id)
    REFERENCES oltp.order_items (order_item_id, order_id),
  CONSTRAINT order_return_resolved_iff_final
    CHECK ((status IN ('rejected', 'completed')) = (resolved_at IS NOT NULL)),
  CHECK (resolved_at >= requested_at)
);
CREATE INDEX order_return_order_idx ON oltp.order_return (order_id);

CREATE TABLE oltp.product_review (
  review_id   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES oltp.customers,
  product_id  integer NOT NULL REFERENCES oltp.product,
  channel_id  smallint NOT NULL REFERENCES oltp.order_channel,
  order_id    bigint NOT NULL REFERENCES oltp.orders,
  rating      smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title       text,
  body        text,
  created_at  timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at  timestamptz NOT NULL DEFAULT oltp.clock_now(),
  CONSTRAINT product_review_one_per_customer_product_channel UNIQUE (customer_id, product_id, channel_id)
);
CREATE INDEX product_review_product_idx ON oltp.product_review (product_id);
CREATE INDEX product_review_order_idx ON oltp.product_review (order_id);

-- ---------------------------------------------------------------------------------------------
-- Stock: levels, FIFO cost layers, restocks, movements and alerts
-- ---------------------------------------------------------------------------------------------

CREATE TABLE oltp.inventory (
  product_id    integer NOT NULL REFERENCES oltp.product,
  warehouse_id  integer NOT NULL REFERENCES oltp.warehouse,
  quantity      integer NOT NULL DEFAULT 0 CHECK (quantity >= 0),
  safety_stock  integer NOT NULL DEFAULT 10 CHECK (safety_stock >= 0),
  reorder_level integer NOT NULL DEFAULT 20,
  created_at    timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at    timestamptz NOT NULL DEFAULT oltp.clock_now(),
  PRIMARY KEY (product_id, warehouse_id),
  CONSTRAINT inventory_reorder_above_safety CHECK (reorder_level >= safety_stock)
);
CREATE INDEX inventory_warehouse_idx ON oltp.inventory (warehouse_id);

CREATE TABLE oltp.purchase_order (
  purchase_order_id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  po_code           text NOT NULL UNIQUE CHECK (btrim(po_code) <> ''),
  warehouse_id      integer NOT NULL REFERENCES oltp.warehouse,
  status            text NOT NULL DEFAULT 'ordered' CHECK (status IN ('ordered', 'received', 'cancelled')),
  ordered_at        timestamptz NOT NULL DEFAULT oltp.clock_now(),
  expected_at       timestamptz NOT NULL,
  received_at       timestamptz,
  cancelled_at      timestamptz,
  created_at        timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at        timestamptz NOT NULL DEFAULT oltp.clock_now(),
  CHECK (expected_at >= ordered_at),
  CHECK (received_at >= ordered_at),
  CHECK (cancelled_at >= ordered_at),
  CONSTRAINT purchase_order_received_iff_received CHECK ((status = 'received') = (received_at IS NOT NULL)),
  CONSTRAINT purchase_order_cancelled_iff_cancelled CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
CREATE INDEX purchase_order_open_idx ON oltp.purchase_order (expected_at) WHERE status = 'ordered';
CREATE INDEX purchase_order_warehouse_idx ON oltp.purchase_order (warehouse_id);

CREATE TABLE oltp.purchase_order_item (
  purchase_order_item_id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  purchase_order_id      bigint NOT NULL REFERENCES oltp.purchase_order,
  product_id             integer NOT NULL REFERENCES oltp.product,
  quantity_ordered       integer NOT NULL CHECK (quantity_ordered > 0),
  quantity_received      integer NOT NULL DEFAULT 0 CHECK (quantity_received >= 0),
  unit_cost              numeric(16, 2) NOT NULL CHECK (unit_cost > 0),
  created_at             timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at             timestamptz NOT NULL DEFAULT oltp.clock_now(),
  UNIQUE (purchase_order_id, product_id)
);
CREATE INDEX purchase_order_item_product_idx ON oltp.purchase_order_item (product_id);

CREATE TABLE oltp.inventory_lot (
  lot_id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  product_id         integer NOT NULL,
  warehouse_id       integer NOT NULL,
  purchase_order_id  bigint REFERENCES oltp.purchase_order,
  received_at        timestamptz NOT NULL DEFAULT oltp.clock_now(),
  unit_cost          numeric(16, 2) NOT NULL CHECK (unit_cost > 0),
  quantity_received  integer NOT NULL CHECK (quantity_received > 0),
  quantity_remaining integer NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at         timestamptz NOT NULL DEFAULT oltp.clock_now(),
  FOREIGN KEY (product_id, warehouse_id) REFERENCES oltp.inventory,
  CONSTRAINT inventory_lot_remaining_in_range CHECK (quantity_remaining BETWEEN 0 AND quantity_received)
);
-- FIFO allocation: oldest lot with stock left first.
CREATE INDEX inventory_lot_fifo_idx ON oltp.inventory_lot (product_id, warehouse_id, received_at)
  WHERE quantity_remaining > 0;
CREATE INDEX inventory_lot_purchase_order_idx ON oltp.inventory_lot (purchase_order_id) WHERE purchase_order_id IS NOT NULL;

CREATE TABLE oltp.inventory_log (
  log_id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  product_id      integer NOT NULL,
  warehouse_id    integer NOT NULL,
  change_type     text NOT NULL CHECK (change_type IN ('sale', 'restock', 'return', 'adjustment', 'damage')),
  quantity_before integer NOT NULL CHECK (quantity_before >= 0),
  quantity_change integer NOT NULL CHECK (quantity_change <> 0),
  quantity_after  integer NOT NULL CHECK (quantity_after >= 0),
  reference_type  text NOT NULL CHECK (reference_type IN ('order', 'purchase_order', 'return', 'manual')),
  reference_id    bigint,
  lot_id          bigint REFERENCES oltp.inventory_lot,
  note            text,
  created_at      timestamptz NOT NULL DEFAULT oltp.clock_now(),
  FOREIGN KEY (product_id, warehouse_id) REFERENCES oltp.inventory,
  CONSTRAINT inventory_log_after_adds_up CHECK (quantity_after = quantity_before + quantity_change),
  CONSTRAINT inventory_log_direction_matches_type CHECK (
    (change_type IN ('sale', 'damage') AND quantity_change < 0)
    OR (change_type IN ('restock', 'return') AND quantity_change > 0)
    OR change_type = 'adjustment'
  ),
  CONSTRAINT inventory_log_reference_present CHECK (reference_type = 'manual' OR reference_id IS NOT NULL)
);
CREATE INDEX inventory_log_product_idx ON oltp.inventory_log (product_id, warehouse_id, created_at);
CREATE INDEX inventory_log_reference_idx ON oltp.inventory_log (reference_type, reference_id);

CREATE TABLE oltp.stock_alert (
  alert_id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  product_id        integer NOT NULL,
  warehouse_id      integer NOT NULL,
  alert_type        text NOT NULL CHECK (alert_type IN ('below_safety_stock', 'out_of_stock')),
  status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  quantity_at_raise integer CHECK (quantity_at_raise >= 0),
  raised_at         timestamptz NOT NULL DEFAULT oltp.clock_now(),
  resolved_at       timestamptz,
  created_at        timestamptz NOT NULL DEFAULT oltp.clock_now(),
  updated_at        timestamptz NOT NULL DEFAULT oltp.clock_now(),
  FOREIGN KEY (product_id, warehouse_id) REFERENCES oltp.inventory,
  CONSTRAINT stock_alert_resolved_iff_resolved CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
  CHECK (resolved_at >= raised_at)
);
-- At most one open alert per product, warehouse and type: raise with ON CONFLICT DO NOTHING.
CREATE UNIQUE INDEX stock_alert_one_open_idx ON oltp.stock_alert (product_id, warehouse_id, alert_type)
  WHERE status = 'open';
CREATE INDEX stock_alert_open_raised_idx ON oltp.stock_alert (raised_at) WHERE status = 'open';

-- ---------------------------------------------------------------------------------------------
-- Ground truth for fraud detection, written by the scenarios that inject fraud
-- ---------------------------------------------------------------------------------------------

CREATE TABLE oltp.fraud_label (
  fraud_label_id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  entity_type    text NOT NULL CHECK (entity_type IN ('customer', 'order', 'payment')),
  entity_id      bigint NOT NULL CHECK (entity_id > 0),
  fraud_pattern  text NOT NULL CHECK (fraud_pattern ~ '^[a-z][a-z0-9_]*$'),
  scenario       text NOT NULL CHECK (btrim(scenario) <> ''),
  labeled_at     timestamptz NOT NULL DEFAULT oltp.clock_now(),
  created_at     timestamptz NOT NULL DEFAULT oltp.clock_now(),
  UNIQUE (entity_type, entity_id, fraud_pattern)
);

-- ---------------------------------------------------------------------------------------------
-- Ingestion cursors and the touch trigger, for every table, so that none can be forgotten
-- ---------------------------------------------------------------------------------------------

DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT c.relname, bool_or(a.attname = 'updated_at') AS mutable
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = 'oltp' AND c.relkind = 'r'
    GROUP BY c.relname
  LOOP
    IF t.mutable THEN
      EXECUTE format('CREATE INDEX %I ON oltp.%I (updated_at)', t.relname || '_updated_at_idx', t.relname);
      EXECUTE format(
        'CREATE TRIGGER touch_updated_at BEFORE UPDATE ON oltp.%I FOR EACH ROW EXECUTE FUNCTION oltp.touch_updated_at()',
        t.relname);
    ELSE
      EXECUTE format('CREATE INDEX %I ON oltp.%I (created_at)', t.relname || '_created_at_idx', t.relname);
    END IF;
  END LOOP;
END
$$;
