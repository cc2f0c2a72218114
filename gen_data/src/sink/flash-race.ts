import type { PostgresLogin } from '@platform/config';
import pg from 'pg';
import { iso } from '../clock/sim-time.js';

export interface RaceConfig {
  login: PostgresLogin;
  /** Concurrent buyer sessions, each racing through its own purchase loop. */
  buyers: number;
  /**
   * Database connections the buyers share (default: one per buyer). Each purchase takes one for
   * its transaction, like an application server's pool in front of PostgreSQL.
   */
  connections?: number;
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

/** The purchase, as one server-side call (db/migrations/0004_flash_purchase.sql). */
const PURCHASE = 'SELECT oltp.flash_purchase($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) AS sold';

/**
 * Live flash sale: many buyers race for the same few SKUs, each purchase one transaction and one
 * round trip (`oltp.flash_purchase`: guarded decrement, FIFO lots, log, order, item, payment). The
 * guarded decrement (`quantity >= n`) takes the row lock, so buyers of one SKU queue on it and
 * the last unit goes to exactly one of them: no oversell, and the losers see a clean sold-out.
 */
export async function flashSaleRace(config: RaceConfig): Promise<RaceResult> {
  const placedAt = iso(config.at);
  const connections = config.connections ?? config.buyers;
  // The race happens at one simulated instant: every connection's session clock, set at connect.
  const pool = new pg.Pool({
    ...config.login,
    max: connections,
    application_name: 'gen_data flash race',
    options: `-c app.sim_now=${placedAt}`,
  });
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
  // Ids a sold-out attempt reserved go back for the next purchase: the race leaves no gaps.
  type Reserved = { order: number; orderItem: number; payment: number };
  const spare: Reserved[] = [];
  const reserve = (): Reserved =>
    spare.pop() ?? {
      order: ids.order++,
      orderItem: ids.orderItem++,
      payment: ids.payment++,
    };
  // Log ids are drawn under the stock row lock from the log's identity sequence (so each cell's log
  // chains in id order): start it at nextIds.log, after every id the simulator wrote itself.
  await pool.query("SELECT setval(pg_get_serial_sequence('oltp.inventory_log', 'log_id'), $1, false)", [ids.log]);
  // Every connection is open (and authenticated) before the clock starts, as an application's
  // pool is when a sale opens: the race measures purchases, not 64 SCRAM handshakes.
  const warm = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  for (const client of warm) client.release();
  const started = performance.now();

  const buyer = async (b: number) => {
    while (soldOut.size < config.skus.length) {
      const open = config.skus.map((_, i) => i).filter((i) => !soldOut.has(i));
      const k = open[Math.floor(next() * open.length)] as number;
      const sku = config.skus[k] as RaceConfig['skus'][number];
      const r = reserve();
      // One round trip: the call is its own (autocommit) transaction.
      const res = await pool.query({
        name: 'flash_purchase',
        text: PURCHASE,
        values: [
          r.order,
          r.orderItem,
          r.payment,
          config.customerIds[(b + orders) % config.customerIds.length],
          config.channelId,
          placedAt,
          config.paymentMethodId,
          config.geoId,
          sku.productId,
          sku.warehouseId,
          quantity,
          sku.unitPrice,
        ],
      });
      if (res.rows[0]?.sold !== true) {
        spare.push(r);
        refused++;
        soldOut.add(k);
        continue;
      }
      orders++;
      units += quantity;
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
