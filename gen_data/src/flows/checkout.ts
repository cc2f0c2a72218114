import type { Partner, ShippingMethod } from '../model/reference.js';
import { allocate, takeFifo, totalStock } from '../model/stock.js';
import type { Cart, Customer, Order, OrderLine } from '../model/types.js';
import { ts, type World } from '../model/world.js';
import { type Money, money } from '../money.js';
import { weightedPick } from '../random/weighted.js';
import { homeIp } from './customers.js';
import { startOrderLife } from './fulfilment.js';
import { priceOrder, splitDiscount } from './order-pricing.js';
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
  shipTo?: { geoId: number; address: string };
  ip?: string;
  paymentCode?: string;
  forcedFailures?: number;
  cancelBoost?: number;
  fraud?: boolean;
}

/** Why a product could not be bought: none left, or a flash price whose sale is over or sold out. */
export type Unavailable = { productId: number; reason: 'out_of_stock' | 'offer_ended' };
export type PlaceResult = { order: Order } | { unavailable: Unavailable };

/**
 * Checks every line: a flash price holds only while its sale runs and its quota lasts; stock must
 * be in the warehouses and, for a cart, in the database as it last saw it.
 */
function unavailable(w: World, o: PlaceOptions, provinceCode: string): Unavailable | undefined {
  for (const line of o.lines) {
    if (line.discount > 0n) {
      const offer = w.effects.flash.find((f) => f.productId === line.productId);
      if (!offer) return { productId: line.productId, reason: 'offer_ended' };
      if (offer.left < line.quantity) return { productId: line.productId, reason: 'out_of_stock' };
    }
    if (totalStock(w.cellsFor(line.productId, provinceCode)) < line.quantity) {
      return { productId: line.productId, reason: 'out_of_stock' };
    }
    // The cart rule checks the stock the database holds, which this tick has not changed yet.
    if (o.cart && (w.committedStock.get(line.productId) ?? 0) < line.quantity) {
      return { productId: line.productId, reason: 'out_of_stock' };
    }
  }
  return undefined;
}

/**
 * Allocates each line from the nearest warehouse that has it (split only when none has enough) and
 * consumes FIFO lots, recording real COGS. Returns the order lines and the stock movements to log
 * once the order's rows are written.
 */
function takeStock(
  w: World,
  orderId: number,
  lane: number,
  requests: readonly LineRequest[],
  provinceCode: string,
): { lines: OrderLine[]; moves: (() => void)[] } {
  const lines: OrderLine[] = [];
  const moves: (() => void)[] = [];
  for (const req of requests) {
    const parts = allocate(w.cellsFor(req.productId, provinceCode), req.quantity);
    if (!parts) throw new Error(`stock invariant: product ${req.productId} was checked in stock`);
    const shares = splitDiscount(
      req.discount,
      parts.map((p) => p.quantity),
    );
    for (const [i, part] of parts.entries()) {
      const { takes, cost } = takeFifo(part.cell, part.quantity);
      lines.push({
        id: w.take('order_items'),
        productId: req.productId,
        warehouseId: part.cell.warehouseId,
        quantity: part.quantity,
        unitPrice: req.unitPrice,
        discount: shares[i] as Money,
        cost,
        takes,
      });
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
  return { lines, moves };
}

/** The order's rows in the order docs/database.md prescribes: order, checkout, items, stock, events. */
function writeOrder(w: World, order: Order, o: PlaceOptions, ip: string, moves: readonly (() => void)[]): void {
  const lane = order.customer.id;
  const ward = w.ward(order.shipGeoId);
  w.emit('order', lane, [
    order.id,
    order.code,
    order.customer.id,
    order.channelId,
    o.cart?.id ?? null,
    ts(order.placedAt),
    order.paymentMethodId,
    order.shipGeoId,
    o.shipTo?.address ?? `${order.customer.address}, ${ward.wardName}, ${ward.districtName}, ${ward.provinceName}`,
    order.discountId,
    money(order.subtotal),
    money(order.discount),
    money(order.shippingFee),
    money(order.total),
    order.customer.fingerprint,
    ip,
  ]);
  if (o.cart) w.emit('cartCheckout', lane, [o.cart.id, order.id, ts(order.placedAt)]);
  for (const l of order.lines) {
    w.emit('orderItem', lane, [
      l.id,
      order.id,
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
      order.customer.id,
      o.sessionId,
      'purchase',
      order.channelId,
      l.productId,
      null,
      JSON.stringify({ order_code: order.code, quantity: l.quantity }),
      ts(order.placedAt),
    ]);
  }
}

/** Standard most of the time, express often, same-day rarely; the COD method only with cash on delivery. */
export function pickShippingMethod(w: World, isCod: boolean): ShippingMethod {
  return weightedPick(
    w.rng,
    w.ref.shippingMethods.map((m) => {
      const base = { standard: 0.55, express: 0.3, same_day: 0.05, cod: isCod ? 0.9 : 0 }[m.code] ?? 0.1;
      return [m, base] as const;
    }),
  );
}

/** The shop sends more parcels with the partners that deliver on time. */
export function pickPartner(w: World): Partner {
  return weightedPick(
    w.rng,
    w.ref.partners.map((p) => [p, 0.5 + p.onTimeRate] as const),
  );
}

/**
 * Places an order the way a storefront does: checks stock, takes it from the nearest warehouses'
 * oldest lots, picks payment, shipping method and partner, prices the order (priceOrder), writes
 * order, items, stock movements and the first payment, then hands the order to its own timeline.
 */
export function placeOrder(w: World, o: PlaceOptions): PlaceResult {
  const customer = o.customer;
  const shipGeoId = o.shipTo?.geoId ?? customer.geoId;
  const province = w.ward(shipGeoId).provinceCode;
  const missing = unavailable(w, o, province);
  if (missing !== undefined) return { unavailable: missing };
  for (const line of o.lines) {
    const offer = line.discount > 0n ? w.effects.flash.find((f) => f.productId === line.productId) : undefined;
    if (offer) offer.left -= line.quantity;
  }
  const orderId = w.take('orders');
  const { lines, moves } = takeStock(w, orderId, customer.id, o.lines, province);
  const useVoucher = w.rng.chance(o.voucherUse);
  const method =
    (o.paymentCode === undefined ? undefined : w.ref.paymentMethods.find((m) => m.code === o.paymentCode)) ??
    pickPaymentMethod(w.rng, w.ref.paymentMethods, customer.persona);
  const shipping = pickShippingMethod(w, method.isCod);
  const partner = pickPartner(w);
  const price = priceOrder({
    lines,
    vouchers: useVoucher ? w.discounts : [],
    at: o.t,
    firstOrder: customer.orders === 0,
    baseFee: partner.baseFee,
    feeMultiplierPercent: shipping.feeMultiplierPercent,
  });
  if (price.voucher) price.voucher.used++;
  const order: Order = {
    id: orderId,
    code: `ORD${orderId}`,
    customer,
    channelId: o.channelId,
    shipGeoId,
    lines,
    subtotal: price.subtotal,
    discountId: price.voucher?.id ?? null,
    discount: price.discount,
    shippingFee: price.shippingFee,
    total: price.total,
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
    fraud: o.fraud ?? false,
    cancelBoost: o.cancelBoost ?? 0,
    ship: { shippedAt: null, estimatedAt: null, deliveredAt: null, attempts: 0 },
  };
  w.counters.orders++;
  customer.orders++;
  if (o.cart) {
    o.cart.status = 'checked_out';
    customer.cart = undefined;
  }
  writeOrder(w, order, o, o.ip ?? homeIp(w, customer.region), moves);
  startOrderLife(w, order, o.forcedFailures ?? 0);
  return { order };
}
