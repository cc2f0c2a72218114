import type pg from 'pg';
import { type Money, parseMoney } from '../money.js';

export type Region = 'north' | 'central' | 'south';

export interface Channel {
  id: number;
  code: string;
  type: string;
}
export interface PaymentMethod {
  id: number;
  code: string;
  isCod: boolean;
}
export interface Ward {
  id: number;
  provinceCode: string;
  provinceName: string;
  districtName: string;
  wardName: string;
  region: Region;
  lat: number;
  lon: number;
}
export interface Product {
  id: number;
  sku: string;
  name: string;
  categoryId: number;
  listPrice: Money;
  unitCost: Money;
}
export interface Warehouse {
  id: number;
  geoId: number;
  region: Region;
  lat: number;
  lon: number;
}
export interface Partner {
  id: number;
  code: string;
  onTimeRate: number;
  baseFee: Money;
}
export interface ShippingMethod {
  id: number;
  code: string;
  hours: number;
  feeMultiplierPercent: number;
}
export interface Category {
  id: number;
  name: string;
}

/** The reference data the database was loaded with; the simulator reads it and never writes it. */
export interface Reference {
  channels: Channel[];
  paymentMethods: PaymentMethod[];
  wards: Ward[];
  categories: Category[];
  products: Product[];
  warehouses: Warehouse[];
  partners: Partner[];
  shippingMethods: ShippingMethod[];
}

export async function loadReference(client: pg.ClientBase): Promise<Reference> {
  const q = async (sql: string) => (await client.query(sql)).rows as Record<string, string>[];
  // One client runs one query at a time: read the tables in sequence.
  const results: Record<string, string>[][] = [];
  for (const sql of [
    'SELECT channel_id, code, channel_type FROM oltp.order_channel ORDER BY channel_id',
    'SELECT payment_method_id, code, is_cash_on_delivery FROM oltp.payment_method ORDER BY payment_method_id',
    `SELECT geo_id, province_code, province_name, district_name, ward_name, region, latitude::float8 AS lat,
         longitude::float8 AS lon FROM oltp.geo_location ORDER BY geo_id`,
    'SELECT category_id, name FROM oltp.category ORDER BY category_id',
    `SELECT product_id, sku, name, category_id, list_price::text, unit_cost::text FROM oltp.product
       WHERE is_active ORDER BY product_id`,
    `SELECT w.warehouse_id, w.geo_id, w.region, g.latitude::float8 AS lat, g.longitude::float8 AS lon
       FROM oltp.warehouse w JOIN oltp.geo_location g USING (geo_id) ORDER BY w.warehouse_id`,
    'SELECT partner_id, code, on_time_rate::float8 AS rate, base_fee::text FROM oltp.logistics_partner ORDER BY partner_id',
    `SELECT shipping_method_id, code, delivery_hours, (fee_multiplier * 100)::int AS pct FROM oltp.shipping_method
       ORDER BY shipping_method_id`,
  ]) {
    results.push(await q(sql));
  }
  const [channels, methods, wards, categories, products, warehouses, partners, shipping] = results as [
    Record<string, string>[],
    Record<string, string>[],
    Record<string, string>[],
    Record<string, string>[],
    Record<string, string>[],
    Record<string, string>[],
    Record<string, string>[],
    Record<string, string>[],
  ];
  const ref: Reference = {
    channels: channels.map((r) => ({ id: Number(r.channel_id), code: String(r.code), type: String(r.channel_type) })),
    paymentMethods: methods.map((r) => ({
      id: Number(r.payment_method_id),
      code: String(r.code),
      isCod: Boolean(r.is_cash_on_delivery),
    })),
    wards: wards.map((r) => ({
      id: Number(r.geo_id),
      provinceCode: String(r.province_code),
      provinceName: String(r.province_name),
      districtName: String(r.district_name),
      wardName: String(r.ward_name),
      region: r.region as Region,
      lat: Number(r.lat),
      lon: Number(r.lon),
    })),
    categories: categories.map((r) => ({ id: Number(r.category_id), name: String(r.name) })),
    products: products.map((r) => ({
      id: Number(r.product_id),
      sku: String(r.sku),
      name: String(r.name),
      categoryId: Number(r.category_id),
      listPrice: parseMoney(String(r.list_price)),
      unitCost: parseMoney(String(r.unit_cost)),
    })),
    warehouses: warehouses.map((r) => ({
      id: Number(r.warehouse_id),
      geoId: Number(r.geo_id),
      region: r.region as Region,
      lat: Number(r.lat),
      lon: Number(r.lon),
    })),
    partners: partners.map((r) => ({
      id: Number(r.partner_id),
      code: String(r.code),
      onTimeRate: Number(r.rate),
      baseFee: parseMoney(String(r.base_fee)),
    })),
    shippingMethods: shipping.map((r) => ({
      id: Number(r.shipping_method_id),
      code: String(r.code),
      hours: Number(r.delivery_hours),
      feeMultiplierPercent: Number(r.pct),
    })),
  };
  for (const [name, rows] of Object.entries(ref)) {
    if ((rows as unknown[]).length === 0) {
      throw new Error(`reference table for ${name} is empty: run "npm run db:migrate" to load db/reference first`);
    }
  }
  return ref;
}
