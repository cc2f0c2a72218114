import { MINUTE } from '../clock/sim-time.js';
import type { PaymentMethod } from '../model/reference.js';
import type { Order, PaymentAttempt, Persona } from '../model/types.js';
import { ts, type World } from '../model/world.js';
import { money } from '../money.js';
import type { Rng } from '../random/prng.js';
import { weightedPick } from '../random/weighted.js';

/**
 * Payment method shares: COD is still about a third of Vietnamese e-commerce, e-wallets lead the
 * prepaid side. Bargain hunters lean to COD; loyal customers to wallets and cards.
 */
const SHARE: Record<string, number> = {
  cod: 0.34,
  momo: 0.2,
  zalopay: 0.1,
  vnpay: 0.12,
  credit_card: 0.13,
  bank_transfer: 0.11,
};

export function pickPaymentMethod(rng: Rng, methods: readonly PaymentMethod[], persona: Persona): PaymentMethod {
  return weightedPick(
    rng,
    methods.map((m) => {
      let share = SHARE[m.code] ?? 0.05;
      if (m.isCod && persona === 'bargain_hunter') share *= 1.5;
      if (m.isCod && persona === 'loyal') share *= 0.6;
      return [m, share] as const;
    }),
  );
}

export interface AttemptPlan {
  at: number;
  ok: boolean;
  reason: string | null;
}

const FAILURES = ['insufficient_funds', 'card_declined', 'timeout', 'otp_failed', 'bank_unavailable'];

/** Failed prepaid attempts before the shop gives up on an order, and the wait between two. */
export const MAX_FAILED_ATTEMPTS = 3;
export const RETRY_AFTER_MINUTES = [1, 8] as const;

/**
 * Prepaid attempts: most succeed first time; a failed attempt is retried a few minutes later, up
 * to three times. Card testing (fraud) fails several times before it gets through. A payment
 * resumed after `failedBefore` declined attempts goes on from there.
 */
export function planAttempts(rng: Rng, from: number, forcedFailures = 0, failedBefore = 0): AttemptPlan[] {
  const attempts: AttemptPlan[] = [];
  // The first attempt happens at checkout; retries follow minutes later.
  let t = from;
  for (let i = 0; i < forcedFailures; i++) {
    attempts.push({ at: t, ok: false, reason: 'card_declined' });
    t += Math.round(rng.between(20, 120)) * 1000;
  }
  if (forcedFailures === 0) {
    const failed = () => failedBefore + attempts.length;
    while (failed() < MAX_FAILED_ATTEMPTS && rng.chance(failed() === 0 ? 0.07 : 0.35)) {
      attempts.push({ at: t, ok: false, reason: rng.pick(FAILURES) });
      t += Math.round(rng.between(...RETRY_AFTER_MINUTES) * MINUTE);
    }
    if (failed() >= MAX_FAILED_ATTEMPTS) return attempts;
  }
  attempts.push({ at: t, ok: true, reason: null });
  return attempts;
}

/** A new attempt on the order, numbered after the earlier ones, charging exactly the order total. */
export function addPayment(
  w: World,
  order: Order,
  status: PaymentAttempt['status'],
  paidAt: string | null,
  reason: string | null,
): PaymentAttempt {
  const p: PaymentAttempt = { id: w.take('payment'), attempt: order.payments.length + 1, status, refunded: 0n };
  order.payments.push(p);
  w.emit('payment', order.customer.id, [
    p.id,
    order.id,
    order.paymentMethodId,
    p.attempt,
    status,
    money(order.total),
    paidAt,
    reason,
    `TX${order.id}-${p.attempt}`,
  ]);
  return p;
}

export function settledPayment(order: Order): PaymentAttempt | undefined {
  return order.payments.find((p) => p.status === 'paid' || p.status === 'partially_refunded');
}

export function updatePayment(
  w: World,
  order: Order,
  p: PaymentAttempt,
  status: PaymentAttempt['status'],
  reason: string | null,
): void {
  p.status = status;
  w.emit('paymentUpdate', order.customer.id, [p.id, status, money(p.refunded), ts(w.now), reason]);
}
