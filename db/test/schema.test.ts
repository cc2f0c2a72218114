import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/postgres-client.js';
import { freshOltpDatabase, type TestDatabase } from './support/oltp-database.js';

let db: TestDatabase;
let owner: pg.Client;

beforeAll(async () => {
  db = await freshOltpDatabase('schema');
  owner = await connect(db.owner);
});

afterAll(async () => {
  await owner?.end();
  await db?.drop();
});

const ORIGINAL_TABLES = [
  'orders',
  'order_items',
  'order_status_history',
  'order_channel',
  'product',
  'product_review',
  'category',
  'sub_category',
  'brand',
  'discount',
  'payment',
  'shipment',
  'logistics_partner',
  'shipping_method',
  'customers',
  'geo_location',
  'warehouse',
  'inventory',
  'order_return',
  'inventory_log',
  'customer_activity_log',
  'wishlist',
  'cart',
  'cart_items',
];
const APPEND_ONLY = ['order_status_history', 'inventory_log', 'customer_activity_log', 'fraud_label'];

/** The column contract the CSVs in db/reference are written against. */
const REFERENCE_COLUMNS: Record<string, string[]> = {
  order_channel: ['channel_id', 'code', 'name', 'channel_type', 'commission_rate'],
  payment_method: ['payment_method_id', 'code', 'name', 'is_cash_on_delivery'],
  geo_location: [
    'geo_id',
    'ward_code',
    'ward_name',
    'district_code',
    'district_name',
    'province_code',
    'province_name',
    'region',
    'latitude',
    'longitude',
  ],
  category: ['category_id', 'code', 'name'],
  sub_category: ['sub_category_id', 'category_id', 'code', 'name'],
  brand: ['brand_id', 'code', 'name', 'country'],
  product: [
    'product_id',
    'sku',
    'name',
    'category_id',
    'sub_category_id',
    'brand_id',
    'list_price',
    'unit_cost',
    'weight_grams',
    'warranty_months',
    'launched_on',
    'is_active',
  ],
  warehouse: ['warehouse_id', 'code', 'name', 'geo_id', 'region', 'capacity_units'],
  logistics_partner: ['partner_id', 'code', 'name', 'on_time_rate', 'base_fee'],
  shipping_method: ['shipping_method_id', 'code', 'name', 'delivery_hours', 'fee_multiplier'],
};

async function tables(): Promise<string[]> {
  const { rows } = await owner.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'oltp' ORDER BY 1`);
  return rows.map((r) => r.tablename as string);
}

describe('oltp schema', () => {
  it('keeps the original 24 tables and adds what the simulator needs', async () => {
    const names = await tables();
    expect(names).toEqual(expect.arrayContaining(ORIGINAL_TABLES));
    expect(names).toEqual(
      expect.arrayContaining([
        'payment_method',
        'inventory_lot',
        'purchase_order',
        'purchase_order_item',
        'stock_alert',
        'fraud_label',
        'order_status_transition',
        'loyalty_tier',
      ]),
    );
    expect(names.length).toBeGreaterThanOrEqual(30);
  });

  it('gives every table a primary key, a CHECK constraint and ecommerce_owner as owner', async () => {
    const { rows } = await owner.query(`
      SELECT c.relname, pg_get_userbyid(c.relowner) AS owner,
             bool_or(k.contype = 'p') AS has_pk, bool_or(k.contype = 'c') AS has_check
      FROM pg_class c LEFT JOIN pg_constraint k ON k.conrelid = c.oid
      WHERE c.relnamespace = 'oltp'::regnamespace AND c.relkind = 'r'
      GROUP BY c.relname, c.relowner ORDER BY 1`);
    const bad = rows.filter((r) => !r.has_pk || !r.has_check || r.owner !== 'ecommerce_owner');
    expect(bad).toEqual([]);
  });

  it('uses no timestamp without time zone, floating point or money type', async () => {
    const { rows } = await owner.query(`
      SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = 'oltp' AND data_type IN ('timestamp without time zone', 'real', 'double precision', 'money')`);
    expect(rows).toEqual([]);
  });

  it('stores money as numeric(16,2)', async () => {
    const { rows } = await owner.query(`
      SELECT table_name, column_name, data_type, numeric_precision, numeric_scale FROM information_schema.columns
      WHERE table_schema = 'oltp'
        AND (column_name ~ '(_amount|_price|_fee|_spend)$' OR column_name IN ('unit_cost', 'amount', 'subtotal_amount'))
        AND NOT (data_type = 'numeric' AND numeric_precision = 16 AND numeric_scale = 2)`);
    expect(rows).toEqual([]);
  });

  it('gives every mutable table updated_at with touch and no-op-suppressing triggers, append-only logs created_at only', async () => {
    const { rows } = await owner.query(`
      SELECT t.tablename,
             EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = 'oltp'
                       AND c.table_name = t.tablename AND c.column_name = 'updated_at') AS has_updated_at,
             EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = 'oltp'
                       AND c.table_name = t.tablename AND c.column_name = 'created_at') AS has_created_at,
             EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid
                     WHERE g.tgrelid = format('oltp.%I', t.tablename)::regclass AND p.proname = 'touch_updated_at')
               AS has_touch,
             EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid
                     WHERE g.tgrelid = format('oltp.%I', t.tablename)::regclass
                       AND p.proname = 'suppress_redundant_updates_trigger')
               AS has_suppress
      FROM pg_tables t WHERE t.schemaname = 'oltp' ORDER BY 1`);
    for (const row of rows) {
      const appendOnly = APPEND_ONLY.includes(row.tablename);
      expect({
        table: row.tablename,
        updated: row.has_updated_at,
        touch: row.has_touch,
        suppress: row.has_suppress,
        created: row.has_created_at,
      }).toEqual({
        table: row.tablename,
        updated: !appendOnly,
        touch: !appendOnly,
        suppress: !appendOnly,
        created: true,
      });
    }
  });

  it('indexes every ingestion cursor column', async () => {
    const { rows } = await owner.query(
      `
      SELECT t.tablename FROM pg_tables t
      WHERE t.schemaname = 'oltp' AND NOT EXISTS (
        SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
        WHERE i.indrelid = format('oltp.%I', t.tablename)::regclass
          AND a.attname = CASE WHEN t.tablename = ANY($1) THEN 'created_at' ELSE 'updated_at' END)`,
      [APPEND_ONLY],
    );
    expect(rows).toEqual([]);
  });

  it('generates transactional ids by default identity and leaves reference ids to the CSVs', async () => {
    const { rows } = await owner.query(`
      SELECT table_name, column_name, is_identity, identity_generation, data_type FROM information_schema.columns c
      WHERE table_schema = 'oltp' AND ordinal_position = 1 ORDER BY 1`);
    for (const row of rows) {
      if (row.table_name in REFERENCE_COLUMNS) {
        expect({ table: row.table_name, identity: row.is_identity }).toEqual({ table: row.table_name, identity: 'NO' });
      } else if (row.is_identity === 'YES') {
        expect({ table: row.table_name, gen: row.identity_generation, type: row.data_type }).toEqual({
          table: row.table_name,
          gen: 'BY DEFAULT',
          type: 'bigint',
        });
      }
    }
  });

  it('matches the reference CSV column contract', async () => {
    for (const [table, columns] of Object.entries(REFERENCE_COLUMNS)) {
      const { rows } = await owner.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'oltp' AND table_name = $1
         ORDER BY ordinal_position`,
        [table],
      );
      expect(rows.map((r) => r.column_name)).toEqual([...columns, 'created_at', 'updated_at']);
    }
  });

  it('seeds the order state machine and the loyalty tiers', async () => {
    const transitions = await owner.query(
      `SELECT string_agg(from_status || '>' || to_status, ' ' ORDER BY from_status, to_status) AS s
       FROM oltp.order_status_transition`,
    );
    expect(transitions.rows[0].s).toBe(
      'Confirmed>Cancelled Confirmed>Processing Delivered>Completed Delivering>Delivered Delivering>DeliveryFailed ' +
        'DeliveryFailed>Returned DeliveryFailed>Shipped Packed>Shipped Pending>Cancelled Pending>Confirmed ' +
        'Processing>Cancelled Processing>Packed Shipped>Delivering',
    );
    const tiers = await owner.query(
      'SELECT tier, min_lifetime_spend, points_multiplier FROM oltp.loyalty_tier ORDER BY min_lifetime_spend',
    );
    expect(tiers.rows).toEqual([
      { tier: 'Bronze', min_lifetime_spend: '0.00', points_multiplier: '1.00' },
      { tier: 'Silver', min_lifetime_spend: '5000000.00', points_multiplier: '1.50' },
      { tier: 'Gold', min_lifetime_spend: '20000000.00', points_multiplier: '2.00' },
      { tier: 'Platinum', min_lifetime_spend: '50000000.00', points_multiplier: '3.00' },
    ]);
  });
});
