import { loadSettings } from '@platform/config';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/postgres-client.js';
import { migrateOltp } from '../src/setup-oltp.js';
import { freshOltpDatabase, type TestDatabase } from './support/oltp-database.js';

let db: TestDatabase;
let client: pg.Client;

async function one<T>(sql: string): Promise<T> {
  const { rows } = await client.query(sql);
  return rows[0] as T;
}

beforeAll(async () => {
  db = await freshOltpDatabase('reference_data');
  client = await connect(db.reader);
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

describe('reference data as loaded', () => {
  it('has the five sales channels and six payment methods', async () => {
    const { rows } = await client.query('SELECT code FROM oltp.order_channel ORDER BY channel_id');
    expect(rows.map((r) => r.code)).toEqual(['shopee', 'lazada', 'tiki', 'tiktok_shop', 'website']);
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM oltp.payment_method')).n).toBe(6);
  });

  it('covers all 63 provinces in three regions, with districts and wards', async () => {
    const geo = await one<{ provinces: number; regions: number; wards: number; thin: number }>(`
      SELECT count(DISTINCT province_code)::int AS provinces, count(DISTINCT region)::int AS regions,
             count(*)::int AS wards,
             (SELECT count(*)::int FROM (SELECT province_code FROM oltp.geo_location GROUP BY 1
                                         HAVING count(DISTINCT district_code) < 2) t) AS thin
      FROM oltp.geo_location`);
    expect(geo).toMatchObject({ provinces: 63, regions: 3, thin: 0 });
    expect(geo.wards).toBeGreaterThanOrEqual(600);
  });

  it('sells a consistent electronics catalogue with real margins', async () => {
    const catalog = await one<{ n: number; unpriced: number; min_margin: string; max_margin: string; brands: number }>(`
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE list_price <= 0 OR unit_cost <= 0)::int AS unpriced,
             min(1 - unit_cost / list_price)::numeric(6,4)::text AS min_margin,
             max(1 - unit_cost / list_price)::numeric(6,4)::text AS max_margin,
             count(DISTINCT brand_id)::int AS brands
      FROM oltp.product`);
    expect(catalog.n).toBeGreaterThanOrEqual(400);
    expect(catalog.unpriced).toBe(0);
    expect(Number(catalog.min_margin)).toBeGreaterThan(0.05);
    expect(Number(catalog.max_margin)).toBeLessThan(0.46);
    expect(catalog.brands).toBeGreaterThanOrEqual(25);
    const mismatched = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM oltp.product p JOIN oltp.sub_category s USING (sub_category_id)
      WHERE s.category_id <> p.category_id`);
    expect(mismatched.n).toBe(0);
  });

  it('has warehouses in every region and the four shipping methods with their delivery hours', async () => {
    const regions = await one<{ n: number }>('SELECT count(DISTINCT region)::int AS n FROM oltp.warehouse');
    expect(regions.n).toBe(3);
    const { rows } = await client.query(
      'SELECT code, delivery_hours FROM oltp.shipping_method ORDER BY delivery_hours',
    );
    expect(rows).toEqual([
      { code: 'same_day', delivery_hours: 8 },
      { code: 'express', delivery_hours: 48 },
      { code: 'cod', delivery_hours: 72 },
      { code: 'standard', delivery_hours: 120 },
    ]);
  });
});

describe('reloading reference data', () => {
  it('writes no new row versions when nothing changed, so ingestion sees no change', async () => {
    const versions = async () =>
      (await client.query("SELECT md5(string_agg(xmin::text, ',' ORDER BY product_id)) AS v FROM oltp.product")).rows[0]
        .v;
    const before = await versions();
    await migrateOltp(loadSettings(), db.name);
    expect(await versions()).toBe(before);
  });
});
