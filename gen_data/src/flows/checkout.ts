import { allocate, takeFifo, totalStock } from '../model/stock.js';
import type { Cart, Customer, Order, OrderLine } from '../model/types.js';
import { ts, type World } from '../model/world.js';
import { floorTo, type Money, money } from '../money.js';
import { weightedPick } from '../random/weighted.js';
import { homeIp } from './customers.js';
import { bestDiscount } from './discounts.js';
import { startOrderLife } from './fulfilment.js';
import { pickPaymentMethod } from './payment.js';
import { recordMove } from './stock-moves.js';

export interface LineRequest {
  productId: number;
  quantity: number;
  unitPrice: Money;
  discount: Money;
}

export interface PlaceOptions {
  customer: Customer;
  channelId: number;
  t: number;
  lines: LineRequest[];
  cart?: Cart;
  sessionId: string;
  voucherUse: number;
  scenario: string;
  shipTo?: { geoId: number; address: string };
  ip?: string;
  paymentCode?: string;
  forcedFailures?: number;
  cancelBoost?: number;
  fraud?: boolean;
}

export type PlaceResult = { order: Order } | { stockOut: number };

/** Free shipping above 3,000,000 VND, as marketplaces' free-ship vouchers usually set it. */
const FREE_SHIPPING_FROM: Money = 300_000_000n;

/**
 * Places an order the way a storefront does: checks stock, allocates each line from the nearest
 * warehouse that has it, consumes FIFO lots (recording real COGS), applies the customer's best
 * voucher, prices shipping, writes order, items, stock movements and the first payment, then
 * hands the order to its own timeline.
 */
export function placeOrder(w: World, o: PlaceOptions): PlaceResult {
  const customer = o.customer;
  const shipGeo = o.shipTo?.geoId ?? customer.geoId;
  const ward = w.ward(shipGeo);
  for (const line of o.lines) {
    const cells = w.cellsFor(line.productId, ward.provinceCode);
    if (totalStock(cells) < line.quantity) return { stockOut: line.productId };
    // The cart rule checks the stock the database holds, which this tick has not changed yet.
    if (o.cart && (w.committedStock.get(line.productId) ?? 0) < line.quantity) return { stockOut: line.productId };
  }
  const orderId = w.take('orders');
  const lane = customer.id;
  const lines: OrderLine[] = [];
  const moves: (() => void)[] = [];
  for (const req of o.lines) {
    const parts = allocate(w.cellsFor(req.productId, ward.provinceCode), req.quantity);
    if (!parts) return { stockOut: req.productId };
    let discountLeft = req.discount;
    for (const [i, part] of parts.entries()) {
      const share =
        i === parts.length - 1 ? discountLeft : (req.discount * BigInt(part.quantity)) / BigInt(req.quantity);
      discountLeft -= share;
      const { takes, cost } = takeFifo(part.cell, part.quantity);
      const line: OrderLine = {
        id: w.take('order_items'),
        productId: req.productId,
        warehouseId: part.cell.warehouseId,
        quantity: part.quantity,
        unitPrice: req.unitPrice,
        discount: share,
        cost,
        takes,
      };
      lines.push(line);
      // Quantities already moved in memory; replay them into the log one lot at a time.
      const cell = part.cell;
      const after = cell.quantity;
      moves.push(() => {
        let q = after + part.quantity;
        for (const take of takes) {
          q -= take.quantity;
          cell.quantity = q;
          recordMove(w, lane, cell, take.lot, -take.quantity, 'sale', 'order', orderId, null);
        }
        cell.quantity = after;
      });
    }
  }
  const subtotal = lines.reduce((s, l) => s + l.unitPrice * BigInt(l.quantity) - l.discount, 0n);
  const voucher = w.rng.chance(o.voucherUse)
    ? bestDiscount(w.discounts, subtotal, o.t, customer.orders === 0)
    : undefined;
  if (voucher) voucher.discount.used++;
  const discount = voucher?.amount ?? 0n;

  const method = o.paymentCode
    ? (w.ref.paymentMethods.find((m) => m.code === o.paymentCode) ??
      pickPaymentMethod(w.rng, w.ref.paymentMethods, customer.persona))
    : pickPaymentMethod(w.rng, w.ref.paymentMethods, customer.persona);
  const shipping = weightedPick(
    w.rng,
    w.ref.shippingMethods.map((m) => {
      const base = { standard: 0.55, express: 0.3, same_day: 0.05, cod: method.isCod ? 0.9 : 0 }[m.code] ?? 0.1;
      return [m, base] as const;
    }),
  );
  const partner = weightedPick(
    w.rng,
    w.ref.partners.map((p) => [p, 0.5 + p.onTimeRate] as const),
  );
  const fee =
    subtotal >= FREE_SHIPPING_FROM
      ? 0n
      : floorTo((partner.baseFee * BigInt(shipping.feeMultiplierPercent)) / 100n, 1000);
  const total = subtotal - discount + fee;
  const order: Order = {
    id: orderId,
    code: `ORD${orderId}`,
    customer,
    channelId: o.channelId,
    lines,
    subtotal,
    discount,
    shippingFee: fee,
    total,
    paymentMethodId: method.id,
    isCod: method.isCod,
    payments: [],
    status: 'Pending',
    placedAt: o.t,
    shipmentId: 0,
    partnerId: partner.id,
    methodId: shipping.id,
    methodHours: shipping.hours,
    warehouseId: (lines[0] as OrderLine).warehouseId,
    late: false,
    refunded: 0n,
    scenario: o.scenario,
    fraud: o.fraud ?? false,
    ship: { shippedAt: null, estimatedAt: null, deliveredAt: null, attempts: 0 },
  };
  w.orders.set(orderId, order);
  w.counters.orders++;
  customer.orders++;
  w.emit('order', lane, [
    orderId,
    order.code,
    customer.id,
    o.channelId,
    o.cart?.id ?? null,
    ts(o.t),
    method.id,
    shipGeo,
    o.shipTo?.address ?? `${customer.address}, ${ward.wardName}, ${ward.districtName}, ${ward.provinceName}`,
    voucher?.discount.id ?? null,
    money(subtotal),
    money(discount),
    money(fee),
    money(total),
    customer.fingerprint,
    o.ip ?? homeIp(w, customer.region),
  ]);
  if (o.cart) {
    o.cart.status = 'checked_out';
    customer.cart = undefined;
    w.emit('cartCheckout', lane, [o.cart.id, orderId, ts(o.t)]);
  }
  for (const l of lines) {
    w.emit('orderItem', lane, [
      l.id,
      orderId,
      l.productId,
      l.warehouseId,
      l.quantity,
      money(l.unitPrice),
      money(l.discount),
      money(l.cost),
    ]);
  }
  for (const m of moves) m();
  for (const l of o.lines) {
    w.emit('activity', lane, [
      w.take('customer_activity_log'),
      customer.id,
      o.sessionId,
      'purchase',
      o.channelId,
      l.productId,
      null,
      JSON.stringify({ order_code: order.code, quantity: l.quantity }),
      ts(o.t),
    ]);
  }
  startOrderLife(w, order, o.forcedFailures ?? 0, o.cancelBoost ?? 0);
  return { order };
}
