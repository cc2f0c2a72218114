import type { PostgresLogin } from '@platform/config';
import pg from 'pg';
import { iso } from '../clock/sim-time.js';
import { formatMoney, parseMoney } from '../money.js';

export interface RaceConfig {
  login: PostgresLogin;
  /** Concurrent buyer sessions, each on its own connection. */
  buyers: number;
  /** SKUs on sale: product, warehouse and its price. Buyers pick one at random per attempt. */
  skus: { productId: number; warehouseId: number; unitPrice: string }[];
  customerIds: number[];
  channelId: number;
  paymentMethodId: number;
  geoId: number;
  /** First ids to use: the race assigns ids itself, like the rest of the simulator. */
  nextIds: { order: number; orderItem: number; payment: number; log: number };
  at: number;
  /** Units per purchase. */
  quantity?: number;
}

export interface RaceResult {
  orders: number;
  unitsSold: number;
  soldOutAttempts: number;
  seconds: number;
  ordersPerSecond: number;
}

const TAKE_LOTS = `WITH l AS (
    SELECT lot_id, quantity_remaining AS r, unit_cost,
           sum(quantity_remaining) OVER (ORDER BY received_at, lot_id) - quantity_remaining AS before
    FROM oltp.inventory_lot WHERE product_id = $1 AND warehouse_id = $2 AND quantity_remaining > 0),
  take AS (SELECT lot_id, unit_cost, least(r, $3 - before) AS n FROM l WHERE before < $3)
  UPDATE oltp.inventory_lot t SET quantity_remaining = t.quantity_remaining - take.n FROM take
  WHERE t.lot_id = take.lot_id RETURNING t.lot_id, take.n, take.unit_cost::text AS unit_cost`;

const WRITE_ORDER = `WITH o AS (
    INSERT INTO oltp.orders (order_id, order_code, customer_id, channel_id, placed_at, payment_method_id, shipping_geo_id,
      shipping_address, subtotal_amount, discount_amount, shipping_fee, total_amount)
    VALUES ($1::int8, 'FLASH' || $1::int8, $2, $3, $4::timestamptz, $5::int2, $6, 'flash sale delivery', $7::numeric, 0, 0,
      $7::numeric) RETURNING order_id),
  i AS (INSERT INTO oltp.order_items (order_item_id, order_id, product_id, warehouse_id, quantity, unit_price, cost_amount)
    SELECT $8, order_id, $9, $10, $11, $12, $13 FROM o),
  p AS (INSERT INTO oltp.payment (payment_id, order_id, payment_method_id, attempt_no, status, amount, paid_at, transaction_ref)
    SELECT $14::int8, order_id, $5::int2, 1, 'paid', $7::numeric, $4::timestamptz, 'TXF' || $14::int8 FROM o)
  INSERT INTO oltp.inventory_log (log_id, product_id, warehouse_id, change_type, quantity_before, quantity_change,
    quantity_after, reference_type, reference_id, lot_id)
  SELECT log_id, $9, $10, 'sale', before, -n, before - n, 'order', $1::int8, lot_id
  FROM unnest($15::int8[], $16::int4[], $17::int4[], $18::int8[]) AS x(log_id, before, n, lot_id)`;

/**
 * Live flash sale: many buyers race for the same few SKUs, each purchase one transaction. The
 * guarded decrement (`quantity >= n`) takes the row lock, so buyers of one SKU queue on it and
 * the last unit goes to exactly one of them: no oversell, and the losers see a clean sold-out.
 */
export async function flashSaleRace(config: RaceConfig): Promise<RaceResult> {
  const pool = new pg.Pool({ ...config.login, max: config.buyers, application_name: 'gen_data flash race' });
  const ids = { ...config.nextIds };
  const quantity = config.quantity ?? 1;
  const soldOut = new Set<number>();
  let orders = 0;
  let units = 0;
  let refused = 0;
  let seed = 1;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const clock = `BEGIN; SELECT set_config('app.sim_now', ${pg.escapeLiteral(iso(config.at))}, true)`;
  const started = performance.now();

  const buyer = async (b: number) => {
    const client = await pool.connect();
    try {
      while (soldOut.size < config.skus.length) {
        const open = config.skus.map((_, i) => i).filter((i) => !soldOut.has(i));
        const k = open[Math.floor(next() * open.length)] as number;
        const sku = config.skus[k] as RaceConfig['skus'][number];
        await client.query(clock);
        const inv = await client.query(
          `UPDATE oltp.inventory SET quantity = quantity - $3 WHERE product_id = $1 AND warehouse_id = $2
           AND quantity >= $3 RETURNING quantity`,
          [sku.productId, sku.warehouseId, quantity],
        );
        if (inv.rowCount !== 1) {
          await client.query('ROLLBACK');
          refused++;
          soldOut.add(k);
          continue;
        }
        const lots = await client.query(TAKE_LOTS, [sku.productId, sku.warehouseId, quantity]);
        let before = Number(inv.rows[0].quantity) + quantity;
        let cost = 0n;
        const logIds: number[] = [];
        const befores: number[] = [];
        const ns: number[] = [];
        const lotIds: string[] = [];
        for (const r of lots.rows) {
          logIds.push(ids.log++);
          befores.push(before);
          ns.push(Number(r.n));
          lotIds.push(String(r.lot_id));
          before -= Number(r.n);
          cost += parseMoney(r.unit_cost) * BigInt(r.n);
        }
        const orderId = ids.order++;
        const total = formatMoney(parseMoney(sku.unitPrice) * BigInt(quantity));
        await client.query(WRITE_ORDER, [
          orderId,
          config.customerIds[(b + orders) % config.customerIds.length],
          config.channelId,
          iso(config.at),
          config.paymentMethodId,
          config.geoId,
          total,
          ids.orderItem++,
          sku.productId,
          sku.warehouseId,
          quantity,
          sku.unitPrice,
          formatMoney(cost),
          ids.payment++,
          logIds,
          befores,
          ns,
          lotIds,
        ]);
        await client.query('COMMIT');
        orders++;
        units += quantity;
      }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  try {
    await Promise.all(Array.from({ length: config.buyers }, (_, b) => buyer(b)));
  } finally {
    await pool.end();
  }
  const seconds = (performance.now() - started) / 1000;
  return { orders, unitsSold: units, soldOutAttempts: refused, seconds, ordersPerSecond: orders / seconds };
}
