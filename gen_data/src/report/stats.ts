import type pg from 'pg';
import { checkInvariants, type InvariantResult } from './invariants.js';

export interface StatsReport {
  orders: number;
  sessions: number;
  funnel: { view: number; addToCart: number; purchase: number; conversion: number };
  cartAbandonment: number;
  cartToOrder: number;
  cancellationRate: number;
  returnRate: number;
  deliveryFailureRate: number;
  onTimeRate: number;
  discountUsage: number;
  channelMix: Record<string, number>;
  ordersByLocalHour: number[];
  lifecycle: Record<string, number>;
  grossMarginPct: number;
  flash: {
    windowOrdersPerHour: number;
    otherOrdersPerHour: number;
    ratio: number;
    /** Shoppers who dropped a flash item at checkout because its quota had sold out. */
    soldOutDrops: number;
    outOfStockAlerts: number;
  } | null;
  fraud: {
    labels: number;
    labeledCustomers: number;
    labeledMaxOrdersPerHour: number;
    otherMaxOrdersPerHour: number;
    labeledAccountsPerDevice: number;
    otherAccountsPerDevice: number;
  } | null;
  invariants: InvariantResult[];
}

const num = (v: unknown) => Number(v ?? 0);

/** The realism report: the numbers a data engineer would check before trusting generated data. */
export async function statsReport(client: pg.ClientBase, window?: { from: string; to: string }): Promise<StatsReport> {
  const one = async (sql: string) => (await client.query(sql)).rows[0] as Record<string, unknown>;
  const funnel = await one(`SELECT count(DISTINCT session_id) FILTER (WHERE activity_type = 'view') AS view,
      count(DISTINCT session_id) FILTER (WHERE activity_type = 'add_to_cart') AS add,
      count(DISTINCT session_id) FILTER (WHERE activity_type = 'purchase') AS purchase,
      count(DISTINCT session_id) AS sessions
    FROM oltp.customer_activity_log WHERE session_id NOT LIKE 'S-%'`);
  const carts = await one(`SELECT count(*) FILTER (WHERE status IN ('abandoned', 'expired')) AS lost,
      count(*) FILTER (WHERE status = 'checked_out') AS won FROM oltp.cart`);
  const orders = await one(`SELECT count(*) AS n,
      count(*) FILTER (WHERE status = 'Cancelled') AS cancelled,
      count(*) FILTER (WHERE status IN ('Delivered', 'Completed')) AS delivered,
      count(*) FILTER (WHERE discount_id IS NOT NULL OR EXISTS (SELECT 1 FROM oltp.order_items i
        WHERE i.order_id = o.order_id AND i.discount_amount > 0)) AS discounted,
      coalesce(sum(total_amount) FILTER (WHERE status = 'Completed'), 0) AS revenue
    FROM oltp.orders o`);
  const returns = await one('SELECT count(DISTINCT order_id) AS n FROM oltp.order_return');
  const ship = await one(`SELECT count(*) FILTER (WHERE status = 'delivered') AS delivered,
      count(*) FILTER (WHERE status = 'delivered' AND delivered_at <= estimated_delivery_at) AS on_time,
      count(*) FILTER (WHERE attempt_count > 1 OR status IN ('failed', 'returned_to_sender')) AS failed
    FROM oltp.shipment`);
  const margin = await one(`SELECT coalesce(sum(i.line_amount), 0) AS sales, coalesce(sum(i.cost_amount), 0) AS cost
    FROM oltp.order_items i JOIN oltp.orders o USING (order_id) WHERE o.status = 'Completed'`);
  const channels = (
    await client.query(`SELECT c.code, count(*) AS n FROM oltp.orders o JOIN oltp.order_channel c
    USING (channel_id) GROUP BY c.code ORDER BY c.code`)
  ).rows;
  const hours = (
    await client.query(`SELECT extract(hour FROM placed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS h,
    count(*) AS n FROM oltp.orders GROUP BY 1`)
  ).rows;
  const lifecycle = (await client.query('SELECT status, count(*) AS n FROM oltp.orders GROUP BY 1 ORDER BY 1')).rows;
  const n = num(orders.n);
  const byHour = new Array<number>(24).fill(0);
  for (const r of hours) byHour[num(r.h)] = num(r.n);

  const flashRow = await one(`WITH w AS (
      SELECT min(occurred_at) AS f, max(occurred_at) AS t FROM oltp.customer_activity_log WHERE metadata ? 'flash_sale'),
    span AS (SELECT min(placed_at) AS a, max(placed_at) AS b FROM oltp.orders)
    SELECT w.f, w.t, extract(epoch FROM (w.t - w.f)) / 3600 AS hours, extract(epoch FROM (span.b - span.a)) / 3600 AS all_hours,
      (SELECT count(*) FROM oltp.orders WHERE placed_at BETWEEN w.f AND w.t) AS inside,
      (SELECT count(*) FROM oltp.orders WHERE placed_at NOT BETWEEN w.f AND w.t) AS outside,
      (SELECT count(*) FROM oltp.customer_activity_log WHERE activity_type = 'remove_from_cart'
        AND metadata ->> 'reason' = 'out_of_stock' AND occurred_at BETWEEN w.f AND w.t) AS sold_out,
      (SELECT count(*) FROM oltp.stock_alert WHERE alert_type = 'out_of_stock' AND raised_at BETWEEN w.f AND w.t + interval '10 minutes') AS oos
    FROM w, span`);
  let flash: StatsReport['flash'] = null;
  if (flashRow.f && num(flashRow.hours) > 0) {
    const inside = num(flashRow.inside) / Math.max(0.25, num(flashRow.hours));
    const outside = num(flashRow.outside) / Math.max(1, num(flashRow.all_hours) - num(flashRow.hours));
    flash = {
      windowOrdersPerHour: inside,
      otherOrdersPerHour: outside,
      ratio: inside / Math.max(1e-9, outside),
      soldOutDrops: num(flashRow.sold_out),
      outOfStockAlerts: num(flashRow.oos),
    };
  }
  const fraudRow =
    await one(`WITH labeled AS (SELECT DISTINCT entity_id AS customer_id FROM oltp.fraud_label WHERE entity_type = 'customer'),
    per_hour AS (SELECT customer_id, date_trunc('hour', placed_at) AS h, count(*) AS n FROM oltp.orders GROUP BY 1, 2),
    max_rate AS (SELECT customer_id, max(n) AS m FROM per_hour GROUP BY 1),
    devices AS (SELECT device_fingerprint, count(*) AS accounts FROM oltp.customers GROUP BY 1)
    SELECT (SELECT count(*) FROM oltp.fraud_label) AS labels, (SELECT count(*) FROM labeled) AS customers,
      (SELECT avg(m) FROM max_rate WHERE customer_id IN (SELECT customer_id FROM labeled)) AS lab_rate,
      (SELECT avg(m) FROM max_rate WHERE customer_id NOT IN (SELECT customer_id FROM labeled)) AS other_rate,
      (SELECT avg(d.accounts) FROM oltp.customers c JOIN devices d USING (device_fingerprint)
        WHERE c.customer_id IN (SELECT customer_id FROM labeled)) AS lab_dev,
      (SELECT avg(d.accounts) FROM oltp.customers c JOIN devices d USING (device_fingerprint)
        WHERE c.customer_id NOT IN (SELECT customer_id FROM labeled)) AS other_dev`);
  const fraud =
    num(fraudRow.labels) > 0
      ? {
          labels: num(fraudRow.labels),
          labeledCustomers: num(fraudRow.customers),
          labeledMaxOrdersPerHour: num(fraudRow.lab_rate),
          otherMaxOrdersPerHour: num(fraudRow.other_rate),
          labeledAccountsPerDevice: num(fraudRow.lab_dev),
          otherAccountsPerDevice: num(fraudRow.other_dev),
        }
      : null;
  const lost = num(carts.lost);
  const won = num(carts.won);
  return {
    orders: n,
    sessions: num(funnel.sessions),
    funnel: {
      view: num(funnel.view),
      addToCart: num(funnel.add),
      purchase: num(funnel.purchase),
      conversion: num(funnel.purchase) / Math.max(1, num(funnel.sessions)),
    },
    cartAbandonment: lost / Math.max(1, lost + won),
    cartToOrder: won / Math.max(1, lost + won),
    cancellationRate: num(orders.cancelled) / Math.max(1, n),
    returnRate: num(returns.n) / Math.max(1, num(orders.delivered)),
    deliveryFailureRate: num(ship.failed) / Math.max(1, num(ship.delivered) + num(ship.failed)),
    onTimeRate: num(ship.on_time) / Math.max(1, num(ship.delivered)),
    discountUsage: num(orders.discounted) / Math.max(1, n),
    channelMix: Object.fromEntries(channels.map((r) => [String(r.code), num(r.n) / Math.max(1, n)])),
    ordersByLocalHour: byHour,
    lifecycle: Object.fromEntries(lifecycle.map((r) => [String(r.status), num(r.n)])),
    grossMarginPct: (100 * (num(margin.sales) - num(margin.cost))) / Math.max(1, num(margin.sales)),
    flash,
    fraud,
    invariants: await checkInvariants(client, window),
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function formatStats(r: StatsReport): string {
  const lines = [
    `orders ${r.orders}, sessions ${r.sessions}`,
    `funnel: view ${r.funnel.view} -> add_to_cart ${r.funnel.addToCart} -> purchase ${r.funnel.purchase} (session conversion ${pct(r.funnel.conversion)})`,
    `cart abandonment ${pct(r.cartAbandonment)} (published e-commerce average ~70%), cart-to-order ${pct(r.cartToOrder)}`,
    `cancellation ${pct(r.cancellationRate)}, returns ${pct(r.returnRate)} of delivered, delivery failures ${pct(r.deliveryFailureRate)}, on-time ${pct(r.onTimeRate)}`,
    `discount usage ${pct(r.discountUsage)} of orders, gross margin on completed ${r.grossMarginPct.toFixed(1)}%`,
    `channel mix: ${Object.entries(r.channelMix)
      .map(([k, v]) => `${k} ${pct(v)}`)
      .join(', ')}`,
    `orders by local hour: ${r.ordersByLocalHour.join(' ')}`,
    `lifecycle: ${Object.entries(r.lifecycle)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  ];
  if (r.flash)
    lines.push(
      `flash sale: ${r.flash.windowOrdersPerHour.toFixed(1)} orders/h in window vs ${r.flash.otherOrdersPerHour.toFixed(1)} outside (x${r.flash.ratio.toFixed(1)}), ${r.flash.soldOutDrops} drops at sold-out offers, ${r.flash.outOfStockAlerts} out-of-stock alerts`,
    );
  if (r.fraud)
    lines.push(
      `fraud: ${r.fraud.labels} labels, ${r.fraud.labeledCustomers} accounts; max orders/h ${r.fraud.labeledMaxOrdersPerHour.toFixed(1)} vs ${r.fraud.otherMaxOrdersPerHour.toFixed(1)}; accounts per device ${r.fraud.labeledAccountsPerDevice.toFixed(1)} vs ${r.fraud.otherAccountsPerDevice.toFixed(1)}`,
    );
  lines.push(
    `invariants: ${r.invariants.map((i) => `${i.name} ${i.violations === 0 ? 'ok' : `${i.violations} VIOLATIONS`}`).join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}
