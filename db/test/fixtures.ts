import type { PostgresLogin } from '@platform/config';
import type pg from 'pg';
import { withClient } from '../src/postgres-client.js';

/**
 * Reference rows the tests own, with ids far above any CSV id, so the tests neither depend on
 * nor clash with db/reference.
 */
export const REF = {
  channel: 9001,
  paymentMethod: 9001,
  geo: 9001,
  category: 9001,
  subCategory: 9001,
  brand: 9001,
  products: [9001, 9002] as const,
  warehouses: [9001, 9002] as const,
  partner: 9001,
  shippingMethod: 9001,
};

/** Inserts REF as the owner (the writer may not touch reference tables). Safe to call twice. */
export async function seedReference(owner: PostgresLogin): Promise<void> {
  await withClient(owner, async (client) => {
    await client.query(`
      INSERT INTO oltp.order_channel (channel_id, code, name, channel_type, commission_rate)
      VALUES (9001, 'TEST_CHANNEL', 'Test channel', 'own_store', 0.05) ON CONFLICT DO NOTHING;
      INSERT INTO oltp.payment_method (payment_method_id, code, name, is_cash_on_delivery)
      VALUES (9001, 'TEST_PAY', 'Test pay', false) ON CONFLICT DO NOTHING;
      INSERT INTO oltp.geo_location (geo_id, ward_code, ward_name, district_code, district_name, province_code,
        province_name, region, latitude, longitude)
      VALUES (9001, 'T9001', 'Test ward', 'TD1', 'Test district', 'TP1', 'Test province', 'south', 10.77, 106.7)
      ON CONFLICT DO NOTHING;
      INSERT INTO oltp.category (category_id, code, name) VALUES (9001, 'TEST_CAT', 'Test category') ON CONFLICT DO NOTHING;
      INSERT INTO oltp.sub_category (sub_category_id, category_id, code, name)
      VALUES (9001, 9001, 'TEST_SUB', 'Test sub-category') ON CONFLICT DO NOTHING;
      INSERT INTO oltp.brand (brand_id, code, name, country) VALUES (9001, 'TEST_BRAND', 'Test brand', 'VN')
      ON CONFLICT DO NOTHING;
      INSERT INTO oltp.product (product_id, sku, name, category_id, sub_category_id, brand_id, list_price, unit_cost,
        weight_grams, warranty_months, launched_on)
      VALUES (9001, 'TEST-SKU-9001', 'Test phone', 9001, 9001, 9001, 1000000, 700000, 200, 12, '2024-01-01'),
             (9002, 'TEST-SKU-9002', 'Test case', 9001, 9001, 9001, 100000, 40000, 50, 0, '2024-01-01')
      ON CONFLICT DO NOTHING;
      INSERT INTO oltp.warehouse (warehouse_id, code, name, geo_id, region, capacity_units)
      VALUES (9001, 'TEST_WH1', 'Test warehouse 1', 9001, 'south', 10000),
             (9002, 'TEST_WH2', 'Test warehouse 2', 9001, 'south', 10000) ON CONFLICT DO NOTHING;
      INSERT INTO oltp.logistics_partner (partner_id, code, name, on_time_rate, base_fee)
      VALUES (9001, 'TEST_LP', 'Test logistics', 0.9, 20000) ON CONFLICT DO NOTHING;
      INSERT INTO oltp.shipping_method (shipping_method_id, code, name, delivery_hours, fee_multiplier)
      VALUES (9001, 'TEST_SHIP', 'Test shipping', 48, 1.5) ON CONFLICT DO NOTHING;
    `);
  });
}

let sequence = 0;
/** A code no other fixture in this process has used. */
export function uniqueCode(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

export async function insertCustomer(client: pg.Client, lifetimeSpend = 0): Promise<string> {
  const code = uniqueCode('CUS');
  const { rows } = await client.query(
    `INSERT INTO oltp.customers (customer_code, full_name, email, geo_id, address_line, registered_channel_id, persona,
       lifetime_spend)
     VALUES ($1, 'Test Customer', $2, $3, '1 Test street', $4, 'bargain_hunter', $5) RETURNING customer_id`,
    [code, `${code.toLowerCase()}@example.test`, REF.geo, REF.channel, lifetimeSpend],
  );
  return rows[0].customer_id as string;
}

export interface OrderSpec {
  customerId: string;
  subtotal?: number;
  discountAmount?: number;
  shippingFee?: number;
  discountId?: string | null;
  placedAt?: string;
  productId?: number;
}

/** A Pending order with one line of `subtotal` (one unit of the product at that price). */
export async function insertOrder(client: pg.Client, spec: OrderSpec): Promise<string> {
  const subtotal = spec.subtotal ?? 1_000_000;
  const discount = spec.discountAmount ?? 0;
  const fee = spec.shippingFee ?? 30_000;
  const { rows } = await client.query(
    `INSERT INTO oltp.orders (order_code, customer_id, channel_id, payment_method_id, shipping_geo_id, shipping_address,
       discount_id, subtotal_amount, discount_amount, shipping_fee, total_amount, placed_at)
     VALUES ($1, $2, $3, $4, $5, '1 Test street', $6, $7, $8, $9, $7::numeric - $8::numeric + $9::numeric,
       coalesce($10::timestamptz, oltp.clock_now()))
     RETURNING order_id`,
    [
      uniqueCode('ORD'),
      spec.customerId,
      REF.channel,
      REF.paymentMethod,
      REF.geo,
      spec.discountId ?? null,
      subtotal,
      discount,
      fee,
      spec.placedAt ?? null,
    ],
  );
  const orderId = rows[0].order_id as string;
  await client.query(
    `INSERT INTO oltp.order_items (order_id, product_id, warehouse_id, quantity, unit_price)
     VALUES ($1, $2, $3, 1, $4)`,
    [orderId, spec.productId ?? REF.products[0], REF.warehouses[0], subtotal],
  );
  return orderId;
}

export async function setStatus(client: pg.Client, orderId: string, ...statuses: string[]): Promise<void> {
  for (const status of statuses) {
    await client.query('UPDATE oltp.orders SET status = $2 WHERE order_id = $1', [orderId, status]);
  }
}

/** The happy path from Pending to Delivered. */
export const TO_DELIVERED = ['Confirmed', 'Processing', 'Packed', 'Shipped', 'Delivering', 'Delivered'];

export async function setStock(
  client: pg.Client,
  productId: number,
  warehouseId: number,
  quantity: number,
): Promise<void> {
  await client.query(
    `INSERT INTO oltp.inventory (product_id, warehouse_id, quantity) VALUES ($1, $2, $3)
     ON CONFLICT (product_id, warehouse_id) DO UPDATE SET quantity = EXCLUDED.quantity`,
    [productId, warehouseId, quantity],
  );
}
