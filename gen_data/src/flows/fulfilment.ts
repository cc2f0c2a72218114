import { HOUR, MINUTE } from '../clock/sim-time.js';
import type { Order } from '../model/types.js';
import { ts, type World } from '../model/world.js';
import { money } from '../money.js';
import { maybeChargeback, maybeRequestReturn, maybeReview } from './after-delivery.js';
import { labelFraud } from './fraud-labels.js';
import { loyaltyPoints, tierForSpend } from './loyalty.js';
import { planTimeline, type Timeline, type TimelineState, type TimelineStep } from './order-timeline.js';
import { type AttemptPlan, addPayment, planAttempts, settledPayment, updatePayment } from './payment.js';
import { restock } from './stock-moves.js';

/** An order whose payment never went through is cancelled this long after its last attempt. */
export const UNPAID_CANCEL_AFTER = 15 * MINUTE;

/**
 * Payment first (prepaid attempts, or a pending COD payment), then the order's own planned
 * timeline, one scheduled event per status.
 */
export function startOrderLife(w: World, order: Order, forcedFailures: number): void {
  if (order.isCod) {
    addPayment(w, order, 'pending', null, null);
    followTimeline(w, order, planTimeline(w.rng, timelineFrom(w, order, 'Pending', w.now)));
    return;
  }
  schedulePayments(w, order, planAttempts(w.rng, order.placedAt, forcedFailures), order.placedAt);
}

/** Where a new (or resumed) order's timeline starts, with what its partner and method imply. */
export function timelineFrom(w: World, order: Order, status: Order['status'], since: number): TimelineState {
  return {
    status,
    since,
    methodHours: order.methodHours,
    onTimeRate: w.ref.partners.find((p) => p.id === order.partnerId)?.onTimeRate ?? 0.85,
    cancelBoost: order.cancelBoost,
    ...(order.ship.shippedAt === null ? {} : { shippedAt: order.ship.shippedAt }),
    ...(order.ship.estimatedAt === null ? {} : { estimatedAt: order.ship.estimatedAt }),
    attempts: order.ship.attempts,
  };
}

/**
 * Prepaid attempts, each at its time; the first that succeeds starts the timeline. When every one
 * fails (or none is left) the shop cancels the unpaid order. A fraud ring's declined attempts are
 * card testing: labelled as they happen.
 */
export function schedulePayments(w: World, order: Order, attempts: readonly AttemptPlan[], lastTried: number): void {
  for (const a of attempts) {
    w.at(a.at, () => {
      if (a.ok) {
        addPayment(w, order, 'paid', ts(w.now), null);
        followTimeline(w, order, planTimeline(w.rng, timelineFrom(w, order, 'Pending', w.now)));
        return;
      }
      const p = addPayment(w, order, 'failed', null, a.reason);
      if (order.fraud) labelFraud(w, order.customer.id, 'payment', p.id, 'card_testing');
    });
  }
  const last = attempts.at(-1);
  if (!last?.ok)
    followTimeline(w, order, {
      steps: [{ status: 'Cancelled', at: (last?.at ?? lastTried) + UNPAID_CANCEL_AFTER }],
      late: false,
    });
}

/** Schedules the timeline's steps one after another, each applied at its time. */
export function followTimeline(w: World, order: Order, timeline: Pick<Timeline, 'steps' | 'late'>): void {
  order.late = timeline.late;
  runSteps(w, order, timeline.steps, 0);
}

function runSteps(w: World, order: Order, steps: readonly TimelineStep[], i: number): void {
  const step = steps[i];
  if (!step) return;
  w.at(step.at, () => {
    applyStatus(w, order, step.status);
    runSteps(w, order, steps, i + 1);
  });
}

function shipmentRow(w: World, order: Order, status: string): void {
  const s = order.ship;
  w.emit('shipmentUpdate', order.customer.id, [
    order.shipmentId,
    status,
    s.shippedAt === null ? null : ts(s.shippedAt),
    s.estimatedAt === null ? null : ts(s.estimatedAt),
    s.deliveredAt === null ? null : ts(s.deliveredAt),
    s.attempts,
  ]);
}

function putBack(w: World, order: Order, note: string): void {
  for (const line of order.lines) {
    const cells = w.stock.get(line.productId) ?? [];
    const cell = cells.find((c) => c?.warehouseId === line.warehouseId);
    if (cell) restock(w, order.customer.id, cell, line.takes, 'order', order.id, note);
  }
}

export function applyStatus(w: World, order: Order, status: Order['status']): void {
  const lane = order.customer.id;
  const now = w.now;
  order.status = status;
  w.emit('orderStatus', lane, [order.id, status]);
  switch (status) {
    case 'Cancelled': {
      putBack(w, order, 'order cancelled');
      const paid = settledPayment(order);
      if (paid) {
        paid.refunded = order.total;
        updatePayment(w, order, paid, 'refunded', null);
      }
      const pending = order.payments.find((p) => p.status === 'pending');
      if (pending) updatePayment(w, order, pending, 'failed', 'order_cancelled');
      break;
    }
    case 'Packed': {
      order.shipmentId = w.take('shipment');
      w.emit('shipment', lane, [
        order.shipmentId,
        order.id,
        order.partnerId,
        order.methodId,
        order.warehouseId,
        `TRK${order.shipmentId}`,
        money(order.shippingFee),
      ]);
      break;
    }
    case 'Shipped': {
      if (order.ship.shippedAt === null) {
        order.ship.shippedAt = now;
        order.ship.estimatedAt = now + order.methodHours * HOUR;
      }
      shipmentRow(w, order, 'in_transit');
      break;
    }
    case 'Delivering':
      order.ship.attempts++;
      shipmentRow(w, order, 'delivering');
      break;
    case 'DeliveryFailed':
      shipmentRow(w, order, 'failed');
      break;
    case 'Returned': {
      shipmentRow(w, order, 'returned_to_sender');
      putBack(w, order, 'returned to sender');
      const paid = settledPayment(order);
      if (paid) {
        paid.refunded = order.total;
        updatePayment(w, order, paid, 'refunded', null);
      }
      const pending = order.payments.find((p) => p.status === 'pending');
      if (pending) updatePayment(w, order, pending, 'failed', 'refused_at_delivery');
      break;
    }
    case 'Delivered': {
      order.ship.deliveredAt = now;
      shipmentRow(w, order, 'delivered');
      // COD is collected by the courier at the door.
      const pending = order.payments.find((p) => p.status === 'pending');
      if (pending) updatePayment(w, order, pending, 'paid', null);
      maybeReview(w, order);
      maybeRequestReturn(w, order);
      if (order.fraud) maybeChargeback(w, order);
      break;
    }
    case 'Completed': {
      // Spend and points accrue once, here: Completed is terminal, so no order counts twice.
      const c = order.customer;
      c.points += loyaltyPoints(order.total, tierForSpend(c.spend));
      c.spend += order.total;
      w.emit('customerSpend', lane, [c.id, money(c.spend), c.points.toString()]);
      break;
    }
    default:
      break;
  }
}
