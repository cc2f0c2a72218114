import type pg from 'pg';
import { MINUTE } from '../clock/sim-time.js';
import {
  advanceReturn,
  chargeBack,
  drawChargeback,
  drawReturnRequest,
  drawReturnStage,
  drawReview,
  REVIEW_WITHIN,
  requestReturn,
  reviewKey,
  scheduleReview,
} from '../flows/after-delivery.js';
import { pickPartner, pickShippingMethod } from '../flows/checkout.js';
import { FRAUD_CANCEL_BOOST } from '../flows/fraud-labels.js';
import { followTimeline, schedulePayments, timelineFrom } from '../flows/fulfilment.js';
import { shippingFeeFor } from '../flows/order-pricing.js';
import { OPEN_STATUSES, planTimeline, type Timeline } from '../flows/order-timeline.js';
import { planAttempts, RETRY_AFTER_MINUTES, settledPayment } from '../flows/payment.js';
import { drawReceiptOffset, receivePurchaseOrder } from '../flows/replenishment.js';
import { CART_EXPIRES_AFTER, drawAbandon, scheduleAbandon, scheduleExpiry } from '../flows/session.js';
import type { Cart, Order } from '../model/types.js';
import type { World } from '../model/world.js';
import { drawGiven } from '../random/draw-given.js';
import { loadCustomers } from './load-customers.js';
import { loadDiscounts } from './load-discounts.js';
import { type LoadedOrder, loadOrders } from './load-orders.js';
import { loadStock } from './load-stock.js';

/** What a run picked up from the database, by kind of process. */
export interface Resumed {
  customers: number;
  carts: number;
  orders: number;
  returns: number;
  purchaseOrders: number;
}

/**
 * A run continues the shop the database holds, at `w.now`: customers with what the simulator
 * remembers of them, stock, vouchers, and every process still under way, each rescheduled. What
 * the tables fix (a status and since when, a shipment's estimate, an attempt count) is kept; what
 * they do not (when a parcel will arrive, whether a cart will be abandoned) is drawn from the
 * process's own distribution given what has been observed so far (drawGiven), so that a shop
 * simulated in many runs behaves like one simulated in one. Nothing is scheduled before `w.now`:
 * what is overdue (a shop left alone for a while) happens at once.
 */
export async function resumeShop(client: pg.ClientBase, w: World): Promise<Resumed> {
  const { byId, carts } = await loadCustomers(client, w);
  const stock = await loadStock(client, w);
  await loadDiscounts(client, w, w.now);
  const orders = await loadOrders(client, w, byId, stock, w.now - REVIEW_WITHIN);

  for (const cart of carts) resumeCart(w, cart);
  for (const { po, expectedAt } of stock.purchaseOrders) {
    const offset = drawGiven(
      () => drawReceiptOffset(w.rng),
      (x) => expectedAt + x >= w.now,
    );
    atOrNow(w, expectedAt + (offset ?? 0), () => receivePurchaseOrder(w, po));
  }
  // The first delivered of two orders of the same product claims the customer's one review of it.
  const byDelivery = [...orders].sort((a, b) => (a.deliveredAt ?? 0) - (b.deliveredAt ?? 0) || a.order.id - b.order.id);
  let returns = 0;
  for (const l of byDelivery) {
    resumeOrder(w, l);
    returns += l.openReturns.length;
  }
  return {
    customers: byId.size,
    carts: carts.length,
    orders: orders.length,
    returns,
    purchaseOrders: stock.purchaseOrders.length,
  };
}

function atOrNow(w: World, t: number, fn: () => void): void {
  w.at(Math.max(w.now, t), fn);
}

/** An active cart is still abandoned hours after its last activity (most are), or expires a week after. */
function resumeCart(w: World, cart: Cart): void {
  const abandon = drawGiven(
    () => drawAbandon(w.rng),
    (a) => a === undefined || cart.lastActivity + a >= w.now,
  );
  if (abandon !== undefined) scheduleAbandon(w, cart, abandon);
  scheduleExpiry(w, cart, Math.max(w.now, cart.lastActivity + CART_EXPIRES_AFTER));
}

function resumeOrder(w: World, l: LoadedOrder): void {
  const o = l.order;
  o.cancelBoost = o.fraud ? FRAUD_CANCEL_BOOST : 0;
  if (!l.hasShipment) chooseShipping(w, o);
  if (OPEN_STATUSES.includes(o.status)) {
    if (o.status === 'Pending' && !o.isCod && !settledPayment(o)) resumePayment(w, l);
    else resumeTimeline(w, l);
  }
  if (l.deliveredAt !== undefined) resumeAfterDelivery(w, l, l.deliveredAt);
  for (const { ret, since } of l.openReturns) {
    const stay = drawGiven(
      () => drawReturnStage(w.rng, ret.status),
      (x) => since + x >= w.now,
    );
    atOrNow(w, since + (stay ?? 0), () => advanceReturn(w, ret));
  }
}

/**
 * Before packing, partner and method live only in the simulator: choose them again, among those
 * that give the shipping fee the order was charged.
 */
function chooseShipping(w: World, o: Order): void {
  const choose = () => ({ method: pickShippingMethod(w, o.isCod), partner: pickPartner(w) });
  const chosen =
    drawGiven(
      choose,
      (c) => shippingFeeFor(o.subtotal, c.partner.baseFee, c.method.feeMultiplierPercent) === o.shippingFee,
    ) ?? choose();
  o.methodId = chosen.method.id;
  o.methodHours = chosen.method.hours;
  o.partnerId = chosen.partner.id;
}

/** A prepaid order still unpaid: the attempts go on after the declined ones, or it is cancelled. */
function resumePayment(w: World, l: LoadedOrder): void {
  const failed = l.order.payments.filter((p) => p.status === 'failed').length;
  const next = Math.max(w.now, l.lastAttemptAt + w.rng.between(...RETRY_AFTER_MINUTES) * MINUTE);
  schedulePayments(w, l.order, planAttempts(w.rng, next, 0, failed), Math.max(w.now, l.lastAttemptAt));
}

/** The rest of the order's timeline, its next step after now (as it had not happened by now). */
function resumeTimeline(w: World, l: LoadedOrder): void {
  const o = l.order;
  // A new order's timeline starts at its payment (prepaid) or placement (COD).
  const since = o.status === 'Pending' && !o.isCod ? l.lastAttemptAt : l.since;
  const from = timelineFrom(w, o, o.status, since);
  const timeline =
    drawGiven(
      () => planTimeline(w.rng, from),
      (t) => (t.steps[0]?.at ?? w.now) >= w.now,
    ) ?? startingNow(planTimeline(w.rng, from), w.now);
  // A delivered order's lateness is a fact of its shipment.
  followTimeline(w, o, { steps: timeline.steps, late: l.deliveredAt === undefined ? timeline.late : o.late });
}

/** An overdue timeline: its next step now, the later ones as far apart as planned. */
function startingNow(t: Timeline, now: number): Timeline {
  const shift = now - (t.steps[0]?.at ?? now);
  return { ...t, steps: t.steps.map((s) => ({ status: s.status, at: s.at + shift })) };
}

/** A recent delivery may still bring a review, a return request and, for a stolen card, a chargeback. */
function resumeAfterDelivery(w: World, l: LoadedOrder, deliveredAt: number): void {
  const o = l.order;
  if (!l.hasReview) {
    const review = drawGiven(
      () => drawReview(w.rng, o),
      (p) => p === undefined || o.customer.reviewed.has(reviewKey(o, p.line)) || deliveredAt + p.after >= w.now,
    );
    if (review) scheduleReview(w, o, review, deliveredAt + review.after);
  }
  if (!l.hasReturn && (o.status === 'Delivered' || o.status === 'Completed')) {
    const after = drawGiven(
      () => drawReturnRequest(w.rng, o),
      (a) => a === undefined || deliveredAt + a >= w.now,
    );
    if (after !== undefined) w.at(deliveredAt + after, () => requestReturn(w, o));
  }
  if (o.fraud && settledPayment(o)) {
    const after = drawGiven(
      () => drawChargeback(w.rng),
      (a) => a === undefined || deliveredAt + a >= w.now,
    );
    if (after !== undefined) w.at(deliveredAt + after, () => chargeBack(w, o));
  }
}
