import { HOUR, MINUTE } from '../clock/sim-time.js';
import { RETURN_STAGE_HOURS } from '../flows/after-delivery.js';
import { UNPAID_CANCEL_AFTER } from '../flows/fulfilment.js';
import { LONGEST_TRANSIT_FACTOR, longestStay, OPEN_STATUSES, REDELIVERY_WITHIN } from '../flows/order-timeline.js';
import { MAX_FAILED_ATTEMPTS, RETRY_AFTER_MINUTES } from '../flows/payment.js';
import { RECEIPT_OFFSET_HOURS } from '../flows/replenishment.js';

/** A prepaid order may wait this long for its attempts (and the cancellation after the last) before its timeline starts. */
const PAYMENT_WINDOW = MAX_FAILED_ATTEMPTS * RETRY_AFTER_MINUTES[1] * MINUTE + UNPAID_CANCEL_AFTER;

/**
 * The longest stays the simulator plans, in hours, as the progress invariant reads them: what
 * no open process may exceed at the shop's clock. Shipped depends on the method's transit hours.
 */
export function progressLimits(): object {
  const order: Record<string, number> = {};
  for (const status of OPEN_STATUSES) if (status !== 'Shipped') order[status] = longestStay(status, 0) / HOUR;
  order.Pending = (longestStay('Pending', 0) + PAYMENT_WINDOW) / HOUR;
  return {
    order,
    shipped: { transit_factor: LONGEST_TRANSIT_FACTOR, at_least: REDELIVERY_WITHIN / HOUR },
    return: Object.fromEntries(Object.entries(RETURN_STAGE_HOURS).map(([stage, [, most]]) => [stage, most])),
    purchase_order_late: RECEIPT_OFFSET_HOURS[1],
  };
}
