import { DAY, HOUR, MINUTE } from '../clock/sim-time.js';
import type { OrderStatus } from '../model/types.js';
import type { Rng } from '../random/prng.js';

export interface TimelineStep {
  status: OrderStatus;
  at: number;
}

export interface TimelineInput {
  placedAt: number;
  /** Transit hours of the shipping method (Standard 120, Express 48, ...). */
  methodHours: number;
  /** Partner's on-time rate: the chance a delivery beats its estimate. */
  onTimeRate: number;
  /** Extra cancellation propensity (fraud review, flash-sale regret). */
  cancelBoost?: number;
  /** Days after delivery before the order closes as Completed (the return window). */
  completeAfterDays?: number;
}

export interface Timeline {
  steps: TimelineStep[];
  outcome: 'Completed' | 'Cancelled' | 'Returned';
  late: boolean;
}

/**
 * Plans one order's whole life when it is placed: every order follows its own clock, so after a
 * simulated week the orders of the first days are finished instead of piling up as Pending.
 * Durations are log-normal (mostly quick, a long tail), failures follow the original's ratios.
 */
export function planOrderTimeline(rng: Rng, input: TimelineInput): Timeline {
  const steps: TimelineStep[] = [];
  const boost = input.cancelBoost ?? 0;
  let t = input.placedAt;
  const step = (status: OrderStatus, after: number) => {
    t += Math.max(MINUTE, Math.round(after));
    steps.push({ status, at: t });
  };
  const cancel = (after: number): Timeline => {
    step('Cancelled', after);
    return { steps, outcome: 'Cancelled', late: false };
  };

  if (rng.chance(0.045 + boost)) return cancel(rng.logNormal(40 * MINUTE, 0.8));
  step('Confirmed', rng.logNormal(15 * MINUTE, 0.7));
  if (rng.chance(0.015 + boost / 2)) return cancel(rng.logNormal(2 * HOUR, 0.8));
  step('Processing', rng.logNormal(1.5 * HOUR, 0.6));
  if (rng.chance(0.01)) return cancel(rng.logNormal(2 * HOUR, 0.6));
  step('Packed', rng.logNormal(4 * HOUR, 0.5));

  const onTime = rng.chance(input.onTimeRate);
  const transit = input.methodHours * HOUR * (onTime ? rng.between(0.55, 0.98) : rng.between(1.05, 1.8));
  step('Shipped', rng.logNormal(5 * HOUR, 0.5));
  const shippedAt = t;
  const estimatedAt = shippedAt + input.methodHours * HOUR;
  let deliveryAt = shippedAt + transit;
  let attempts = 0;
  for (;;) {
    attempts++;
    const outForDelivery = Math.max(t + 30 * MINUTE, deliveryAt - rng.between(2, 6) * HOUR);
    step('Delivering', outForDelivery - t);
    if (rng.chance(0.07)) {
      step('DeliveryFailed', rng.between(1, 5) * HOUR);
      if (attempts < 3 && rng.chance(0.7)) {
        step('Shipped', rng.between(12, 24) * HOUR);
        deliveryAt = t + rng.between(6, 20) * HOUR;
        continue;
      }
      step('Returned', rng.logNormal(2 * DAY, 0.4));
      return { steps, outcome: 'Returned', late: t > estimatedAt };
    }
    step('Delivered', Math.max(deliveryAt, t + 30 * MINUTE) - t);
    break;
  }
  const late = t > estimatedAt;
  step('Completed', (input.completeAfterDays ?? 3) * DAY + rng.between(0, 6) * HOUR);
  return { steps, outcome: 'Completed', late };
}

/** Statuses each status may move to: the same table as oltp.order_status_transition. */
export const LEGAL_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  Pending: ['Confirmed', 'Cancelled'],
  Confirmed: ['Processing', 'Cancelled'],
  Processing: ['Packed', 'Cancelled'],
  Packed: ['Shipped'],
  Shipped: ['Delivering'],
  Delivering: ['Delivered', 'DeliveryFailed'],
  DeliveryFailed: ['Shipped', 'Returned'],
  Delivered: ['Completed'],
  Completed: [],
  Cancelled: [],
  Returned: [],
};
