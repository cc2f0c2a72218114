import { DAY, HOUR, MINUTE } from '../clock/sim-time.js';
import type { OrderStatus } from '../model/types.js';
import type { Rng } from '../random/prng.js';

export interface TimelineStep {
  status: OrderStatus;
  at: number;
}

/** Where an order stands: its current status since when, and what its shipment already fixed. */
export interface TimelineState {
  status: OrderStatus;
  since: number;
  /** Transit hours of the shipping method (Standard 120, Express 48, ...). */
  methodHours: number;
  /** Partner's on-time rate: the chance a delivery beats its estimate. */
  onTimeRate: number;
  /** Extra cancellation propensity (fraud review, flash-sale regret). */
  cancelBoost?: number;
  /** First hand-over to the carrier, and the estimate it was given (once Shipped). */
  shippedAt?: number;
  estimatedAt?: number;
  /** Delivery attempts so far (each Delivering is one). */
  attempts?: number;
}

export interface Timeline {
  steps: TimelineStep[];
  outcome: 'Completed' | 'Cancelled' | 'Returned';
  late: boolean;
}

/** Median, spread and cap of a log-normal stay: the cap gives every status a longest stay. */
type Stay = readonly [median: number, sigma: number, max: number];

const STAY = {
  cancelPending: [40 * MINUTE, 0.8, 4 * HOUR],
  confirm: [15 * MINUTE, 0.7, 2 * HOUR],
  cancelConfirmed: [2 * HOUR, 0.8, 12 * HOUR],
  process: [1.5 * HOUR, 0.6, 8 * HOUR],
  cancelProcessing: [2 * HOUR, 0.6, 8 * HOUR],
  pack: [4 * HOUR, 0.5, 16 * HOUR],
  ship: [5 * HOUR, 0.5, 20 * HOUR],
  returnToSender: [2 * DAY, 0.4, 6 * DAY],
} satisfies Record<string, Stay>;

/** Transit as a share of the method's hours: on time, or late. */
const ON_TIME_TRANSIT = [0.55, 0.98] as const;
const LATE_TRANSIT = [1.05, 1.8] as const;
/** The courier goes out this many hours before the parcel arrives. */
const OUT_FOR_DELIVERY_HOURS = [2, 6] as const;
const FAILED_AFTER_HOURS = [1, 5] as const;
const RESHIP_AFTER_HOURS = [12, 24] as const;
const REDELIVERY_HOURS = [6, 20] as const;
const MAX_ATTEMPTS = 3;
/** Shipped lasts at most the method's hours times this (a late first delivery) or a re-delivery's wait. */
export const LONGEST_TRANSIT_FACTOR = LATE_TRANSIT[1];
export const REDELIVERY_WITHIN = REDELIVERY_HOURS[1] * HOUR;
const DELIVERING_AT_LEAST = 30 * MINUTE;
/** Days after delivery before the order closes as Completed (the return window), plus up to 6 hours. */
export const COMPLETE_AFTER = 3 * DAY;
const COMPLETE_SPREAD_HOURS = 6;

const stay = (rng: Rng, [median, sigma, max]: Stay) => Math.min(max, rng.logNormal(median, sigma));

/**
 * Plans the rest of an order's life from where it stands (a new order: Pending since it was paid
 * or placed), as the order's own clock: after a simulated week the orders of the first days are
 * finished instead of piling up as Pending. Stays are log-normal (mostly quick, a long tail, cut
 * at a maximum), failures follow the original's ratios. What the shipment has fixed (hand-over,
 * estimate, attempts) is kept; what it has not (when the parcel arrives) is drawn.
 */
export function planTimeline(rng: Rng, from: TimelineState): Timeline {
  const steps: TimelineStep[] = [];
  const boost = from.cancelBoost ?? 0;
  let t = from.since;
  let status = from.status;
  let attempts = from.attempts ?? 0;
  let estimatedAt = from.estimatedAt;
  let deliveryAt: number | undefined;
  const step = (next: OrderStatus, after: number) => {
    t += Math.max(MINUTE, Math.round(after));
    status = next;
    steps.push({ status, at: t });
  };
  const transit = () =>
    from.methodHours *
    HOUR *
    (rng.chance(from.onTimeRate) ? rng.between(...ON_TIME_TRANSIT) : rng.between(...LATE_TRANSIT));
  for (;;) {
    switch (status) {
      case 'Pending':
        if (rng.chance(0.045 + boost)) step('Cancelled', stay(rng, STAY.cancelPending));
        else step('Confirmed', stay(rng, STAY.confirm));
        break;
      case 'Confirmed':
        if (rng.chance(0.015 + boost / 2)) step('Cancelled', stay(rng, STAY.cancelConfirmed));
        else step('Processing', stay(rng, STAY.process));
        break;
      case 'Processing':
        if (rng.chance(0.01)) step('Cancelled', stay(rng, STAY.cancelProcessing));
        else step('Packed', stay(rng, STAY.pack));
        break;
      case 'Packed': {
        const inTransit = transit();
        step('Shipped', stay(rng, STAY.ship));
        estimatedAt = t + from.methodHours * HOUR;
        deliveryAt = t + inTransit;
        break;
      }
      case 'Shipped': {
        // Resumed in transit: a first hand-over arrives after its transit, a re-delivery within a day.
        deliveryAt ??= attempts === 0 ? (from.shippedAt ?? t) + transit() : t + rng.between(...REDELIVERY_HOURS) * HOUR;
        const out = Math.max(t + DELIVERING_AT_LEAST, deliveryAt - rng.between(...OUT_FOR_DELIVERY_HOURS) * HOUR);
        step('Delivering', out - t);
        attempts++;
        break;
      }
      case 'Delivering':
        if (rng.chance(0.07)) {
          step('DeliveryFailed', rng.between(...FAILED_AFTER_HOURS) * HOUR);
          deliveryAt = undefined;
        } else {
          deliveryAt ??= t + rng.between(...OUT_FOR_DELIVERY_HOURS) * HOUR;
          step('Delivered', Math.max(deliveryAt, t + DELIVERING_AT_LEAST) - t);
        }
        break;
      case 'DeliveryFailed':
        if (attempts < MAX_ATTEMPTS && rng.chance(0.7)) {
          step('Shipped', rng.between(...RESHIP_AFTER_HOURS) * HOUR);
          deliveryAt = t + rng.between(...REDELIVERY_HOURS) * HOUR;
        } else step('Returned', stay(rng, STAY.returnToSender));
        break;
      case 'Delivered': {
        const late = estimatedAt !== undefined && t > estimatedAt;
        step('Completed', COMPLETE_AFTER + rng.between(0, COMPLETE_SPREAD_HOURS) * HOUR);
        return { steps, outcome: 'Completed', late };
      }
      case 'Returned':
        return { steps, outcome: 'Returned', late: estimatedAt !== undefined && t > estimatedAt };
      default:
        return { steps, outcome: status === 'Completed' ? 'Completed' : 'Cancelled', late: false };
    }
  }
}

/**
 * The longest an order can stay in a status before the planner moves it on: what the progress
 * check (report/invariants) holds open orders to. Terminal statuses have none.
 */
export function longestStay(status: OrderStatus, methodHours: number): number {
  const max = (s: Stay) => s[2];
  switch (status) {
    case 'Pending':
      return Math.max(max(STAY.cancelPending), max(STAY.confirm));
    case 'Confirmed':
      return Math.max(max(STAY.cancelConfirmed), max(STAY.process));
    case 'Processing':
      return Math.max(max(STAY.cancelProcessing), max(STAY.pack));
    case 'Packed':
      return max(STAY.ship);
    case 'Shipped':
      return Math.max(methodHours * HOUR * LONGEST_TRANSIT_FACTOR, REDELIVERY_WITHIN, DELIVERING_AT_LEAST);
    case 'Delivering':
      return Math.max(FAILED_AFTER_HOURS[1], OUT_FOR_DELIVERY_HOURS[1]) * HOUR;
    case 'DeliveryFailed':
      return Math.max(RESHIP_AFTER_HOURS[1] * HOUR, max(STAY.returnToSender));
    case 'Delivered':
      return COMPLETE_AFTER + COMPLETE_SPREAD_HOURS * HOUR;
    default:
      return Number.POSITIVE_INFINITY;
  }
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

export const OPEN_STATUSES = (Object.keys(LEGAL_TRANSITIONS) as OrderStatus[]).filter(
  (s) => LEGAL_TRANSITIONS[s].length > 0,
);
