import type pg from 'pg';
import type { Customer, LotTake, OpenReturn, Order, OrderLine, OrderStatus, PaymentAttempt } from '../model/types.js';
import type { World } from '../model/world.js';
import { parseMoney } from '../money.js';
import type { LoadedStock } from './load-stock.js';

/** An order the run picks up, with what the tables say about where it stands. */
export interface LoadedOrder {
  order: Order;
  /** When it entered its current status (for a new order: when it was placed or paid). */
  since: number;
  /** Its shipment fixed the partner and method; before packing they are still to be chosen. */
  hasShipment: boolean;
  /** When its last payment attempt was made. */
  lastAttemptAt: number;
  deliveredAt: number | undefined;
  hasReview: boolean;
  hasReturn: boolean;
  /** Returns in progress, each with when it entered its stage (its row's last change). */
  openReturns: { ret: OpenReturn; since: number }[];
}

const time = (v: unknown) => new Date(v as string).getTime();

/**
 * The orders that still have something ahead of them: every open one, every one delivered
 * recently enough to be reviewed, returned or charged back, and every one with a return in
 * progress; with their lines (and the lots each line's units came from, for restocking), payment
 * attempts, shipment and returns.
 */
export async function loadOrders(
  client: pg.ClientBase,
  w: World,
  customers: ReadonlyMap<number, Customer>,
  stock: LoadedStock,
  deliveredSince: number,
): Promise<LoadedOrder[]> {
  const { rows } = await client.query(
    `SELECT o.order_id, o.order_code, o.customer_id, o.channel_id, o.shipping_geo_id, o.status, o.placed_at,
       o.updated_at, o.subtotal_amount::text, o.discount_id, o.discount_amount::text, o.shipping_fee::text,
       o.total_amount::text, o.payment_method_id, m.is_cash_on_delivery AS is_cod,
       EXISTS (SELECT 1 FROM oltp.fraud_label f WHERE f.entity_type = 'order' AND f.entity_id = o.order_id) AS fraud,
       EXISTS (SELECT 1 FROM oltp.product_review r WHERE r.order_id = o.order_id) AS has_review,
       EXISTS (SELECT 1 FROM oltp.order_return r WHERE r.order_id = o.order_id) AS has_return,
       (SELECT coalesce(sum(r.refund_amount), 0)::text FROM oltp.order_return r
         WHERE r.order_id = o.order_id AND r.status <> 'rejected') AS refunded
     FROM oltp.orders o JOIN oltp.payment_method m USING (payment_method_id)
     WHERE o.status NOT IN ('Completed', 'Cancelled', 'Returned')
        OR o.order_id IN (SELECT order_id FROM oltp.shipment WHERE delivered_at >= $1)
        OR o.order_id IN (SELECT order_id FROM oltp.order_return WHERE status IN ('pending', 'approved', 'processing'))
     ORDER BY o.order_id`,
    [new Date(deliveredSince).toISOString()],
  );
  const ids = rows.map((r) => Number(r.order_id));
  const byId = new Map<number, LoadedOrder>();
  for (const r of rows) {
    const customer = customers.get(Number(r.customer_id));
    if (!customer) throw new Error(`order ${r.order_id} belongs to unknown customer ${r.customer_id}`);
    const order: Order = {
      id: Number(r.order_id),
      code: r.order_code,
      customer,
      channelId: r.channel_id,
      shipGeoId: r.shipping_geo_id,
      lines: [],
      subtotal: parseMoney(r.subtotal_amount),
      discountId: r.discount_id === null ? null : Number(r.discount_id),
      discount: parseMoney(r.discount_amount),
      shippingFee: parseMoney(r.shipping_fee),
      total: parseMoney(r.total_amount),
      paymentMethodId: r.payment_method_id,
      isCod: r.is_cod,
      payments: [],
      status: r.status as OrderStatus,
      placedAt: time(r.placed_at),
      shipmentId: 0,
      partnerId: 0,
      methodId: 0,
      warehouseId: 0,
      methodHours: 0,
      late: false,
      refunded: parseMoney(r.refunded),
      fraud: r.fraud,
      cancelBoost: 0,
      ship: { shippedAt: null, estimatedAt: null, deliveredAt: null, attempts: 0 },
    };
    byId.set(order.id, {
      order,
      since: r.status === 'Pending' ? order.placedAt : time(r.updated_at),
      hasShipment: false,
      lastAttemptAt: order.placedAt,
      deliveredAt: undefined,
      hasReview: r.has_review,
      hasReturn: r.has_return,
      openReturns: [],
    });
  }
  const loaded = (id: unknown) => byId.get(Number(id)) as LoadedOrder;

  const takes = await client.query(
    `SELECT reference_id AS order_id, product_id, warehouse_id, lot_id, -quantity_change AS quantity FROM oltp.inventory_log
     WHERE reference_type = 'order' AND change_type = 'sale' AND reference_id = ANY($1::int8[]) ORDER BY log_id`,
    [ids],
  );
  const lots = await stock.lots(
    client,
    takes.rows.map((r) => Number(r.lot_id)),
  );
  const takesOf = new Map<string, LotTake[]>();
  for (const r of takes.rows) {
    const lot = lots.get(Number(r.lot_id));
    if (!lot) continue;
    const k = `${r.order_id}:${r.product_id}:${r.warehouse_id}`;
    takesOf.set(k, [...(takesOf.get(k) ?? []), { lot, quantity: r.quantity }]);
  }
  const items = await client.query(
    `SELECT order_item_id, order_id, product_id, warehouse_id, quantity, unit_price::text, discount_amount::text,
       cost_amount::text FROM oltp.order_items WHERE order_id = ANY($1::int8[]) ORDER BY order_item_id`,
    [ids],
  );
  for (const r of items.rows) {
    const line: OrderLine = {
      id: Number(r.order_item_id),
      productId: r.product_id,
      warehouseId: r.warehouse_id,
      quantity: r.quantity,
      unitPrice: parseMoney(r.unit_price),
      discount: parseMoney(r.discount_amount),
      cost: parseMoney(r.cost_amount ?? '0'),
      takes: takesOf.get(`${r.order_id}:${r.product_id}:${r.warehouse_id}`) ?? [],
    };
    const o = loaded(r.order_id).order;
    if (o.lines.length === 0) o.warehouseId = line.warehouseId;
    o.lines.push(line);
  }

  const payments = await client.query(
    `SELECT payment_id, order_id, attempt_no, status, refunded_amount::text, created_at FROM oltp.payment
     WHERE order_id = ANY($1::int8[]) ORDER BY order_id, attempt_no`,
    [ids],
  );
  for (const r of payments.rows) {
    const l = loaded(r.order_id);
    l.order.payments.push({
      id: Number(r.payment_id),
      attempt: r.attempt_no,
      status: r.status as PaymentAttempt['status'],
      refunded: parseMoney(r.refunded_amount),
    });
    l.lastAttemptAt = Math.max(l.lastAttemptAt, time(r.created_at));
  }

  const shipments = await client.query(
    `SELECT shipment_id, order_id, partner_id, shipping_method_id, warehouse_id, shipped_at, estimated_delivery_at,
       delivered_at, attempt_count FROM oltp.shipment WHERE order_id = ANY($1::int8[])`,
    [ids],
  );
  for (const r of shipments.rows) {
    const l = loaded(r.order_id);
    const o = l.order;
    l.hasShipment = true;
    o.shipmentId = Number(r.shipment_id);
    o.partnerId = r.partner_id;
    o.methodId = r.shipping_method_id;
    o.methodHours = w.ref.shippingMethods.find((m) => m.id === r.shipping_method_id)?.hours ?? 0;
    o.warehouseId = r.warehouse_id;
    o.ship = {
      shippedAt: r.shipped_at === null ? null : time(r.shipped_at),
      estimatedAt: r.estimated_delivery_at === null ? null : time(r.estimated_delivery_at),
      deliveredAt: r.delivered_at === null ? null : time(r.delivered_at),
      attempts: r.attempt_count,
    };
    if (o.ship.deliveredAt !== null) {
      l.deliveredAt = o.ship.deliveredAt;
      o.late = o.ship.estimatedAt !== null && o.ship.deliveredAt > o.ship.estimatedAt;
    }
  }

  const returns = await client.query(
    `SELECT return_id, order_id, order_item_id, return_type, refund_amount::text, status, updated_at FROM oltp.order_return
     WHERE status IN ('pending', 'approved', 'processing') AND order_id = ANY($1::int8[]) ORDER BY return_id`,
    [ids],
  );
  for (const r of returns.rows) {
    const l = loaded(r.order_id);
    l.openReturns.push({
      ret: {
        id: Number(r.return_id),
        order: l.order,
        line: l.order.lines.find((x) => x.id === Number(r.order_item_id)),
        type: r.return_type,
        refund: parseMoney(r.refund_amount),
        status: r.status,
      },
      since: time(r.updated_at),
    });
  }
  return [...byId.values()];
}
