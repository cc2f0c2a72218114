import { DAY, HOUR } from '../clock/sim-time.js';
import type { OpenReturn, Order, OrderLine } from '../model/types.js';
import { ts, type World } from '../model/world.js';
import { minMoney, money } from '../money.js';
import type { Rng } from '../random/prng.js';
import { weightedPick } from '../random/weighted.js';
import { labelFraud } from './fraud-labels.js';
import { settledPayment, updatePayment } from './payment.js';
import { restock } from './stock-moves.js';

const RATINGS: readonly [number, number][] = [
  [5, 0.55],
  [4, 0.27],
  [3, 0.09],
  [2, 0.04],
  [1, 0.05],
];
const TITLES: Record<number, string[]> = {
  5: ['Tuyệt vời', 'Rất hài lòng', 'Hàng chuẩn, giao nhanh'],
  4: ['Tốt', 'Đáng tiền', 'Hài lòng'],
  3: ['Tạm được', 'Bình thường'],
  2: ['Chưa hài lòng', 'Giao hàng chậm'],
  1: ['Thất vọng', 'Không như mô tả'],
};

/** How long after delivery each follow-up can come: what a resumed run looks back over. */
export const REVIEW_WITHIN = 7 * DAY;
export const RETURN_REQUEST_HOURS = [4, 60] as const;
export const CHARGEBACK_DAYS = [1, 3] as const;
/** Hours a return spends pending (until approved or rejected), approved, and processing. */
export const RETURN_STAGE_HOURS = {
  pending: [12, 36],
  approved: [20, 40],
  processing: [12, 30],
} as const satisfies Record<string, readonly [number, number]>;

/**
 * Reviews are skewed positive, like marketplace ratings; a late delivery drags the rating down,
 * which is the link a logistics analysis should find.
 */
export function rating(rng: World['rng'], late: boolean): number {
  const base = weightedPick(rng, RATINGS);
  return late && rng.chance(0.6) ? Math.max(1, base - rng.intBetween(1, 2)) : base;
}

export interface ReviewPlan {
  line: OrderLine;
  /** After the delivery. */
  after: number;
}

/** Whether a delivered order gets a review (a late one more often), of which line, and when. */
export function drawReview(rng: Rng, order: Order): ReviewPlan | undefined {
  if (!rng.chance(order.late ? 0.4 : 0.3)) return undefined;
  const line = rng.pick(order.lines);
  return { line, after: Math.min(REVIEW_WITHIN, rng.logNormal(30 * HOUR, 0.6)) };
}

/** The schema allows one review per customer, product and channel. */
export const reviewKey = (order: Order, line: OrderLine) => `${line.productId}:${order.channelId}`;

/** Writes the planned review at `at`, unless the customer has reviewed that product on that channel. */
export function scheduleReview(w: World, order: Order, plan: ReviewPlan, at: number): void {
  const c = order.customer;
  const key = reviewKey(order, plan.line);
  if (c.reviewed.has(key)) return;
  c.reviewed.add(key);
  w.at(at, () => {
    const stars = rating(w.rng, order.late);
    const id = w.take('product_review');
    w.emit('review', c.id, [
      id,
      c.id,
      plan.line.productId,
      order.channelId,
      order.id,
      stars,
      w.rng.pick(TITLES[stars] ?? ['OK']),
      null,
    ]);
    w.emit('activity', c.id, [
      w.take('customer_activity_log'),
      c.id,
      `S-review-${id}`,
      'review',
      order.channelId,
      plan.line.productId,
      null,
      JSON.stringify({ rating: stars, order_code: order.code }),
      ts(w.now),
    ]);
  });
}

export function maybeReview(w: World, order: Order): void {
  const plan = drawReview(w.rng, order);
  if (plan) scheduleReview(w, order, plan, w.now + plan.after);
}

const REASONS = ['defective', 'wrong_item', 'not_as_described', 'changed_mind', 'damaged_in_transit'];

/** After how long a delivered order's return is requested (a late one more often); most never are. */
export function drawReturnRequest(rng: Rng, order: Order): number | undefined {
  if (!rng.chance(order.late ? 0.07 : 0.04)) return undefined;
  return rng.between(...RETURN_REQUEST_HOURS) * HOUR;
}

export function maybeRequestReturn(w: World, order: Order): void {
  const after = drawReturnRequest(w.rng, order);
  if (after !== undefined) w.at(w.now + after, () => requestReturn(w, order));
}

/** The customer asks for a refund, an exchange or a repair of one line or the whole order. */
export function requestReturn(w: World, order: Order): void {
  const whole = order.lines.length === 1 || w.rng.chance(0.3);
  const line = whole ? undefined : w.rng.pick(order.lines);
  const type = weightedPick(w.rng, [
    ['refund', 0.8],
    ['exchange', 0.14],
    ['repair', 0.06],
  ] as const);
  const lineAmount = line ? line.unitPrice * BigInt(line.quantity) - line.discount : order.total - order.shippingFee;
  const refund = type === 'refund' ? minMoney(lineAmount, order.total - order.refunded) : 0n;
  if (refund < 0n) return;
  const r: OpenReturn = { id: w.take('order_return'), order, line, type, refund, status: 'pending' };
  order.refunded += refund;
  w.emit('orderReturn', order.customer.id, [
    r.id,
    order.id,
    line?.id ?? null,
    type,
    w.rng.pick(REASONS),
    money(refund),
    ts(w.now),
  ]);
  w.at(w.now + drawReturnStage(w.rng, 'pending'), () => advanceReturn(w, r));
}

/** How long a return stays in a stage. */
export function drawReturnStage(rng: Rng, stage: OpenReturn['status']): number {
  const [least, most] = RETURN_STAGE_HOURS[stage];
  return rng.between(least, most) * HOUR;
}

/** Moves a return out of its stage: decided (85% approved), processed, or completed with refund and restock. */
export function advanceReturn(w: World, r: OpenReturn): void {
  const lane = r.order.customer.id;
  switch (r.status) {
    case 'pending':
      if (!w.rng.chance(0.85)) {
        r.order.refunded -= r.refund;
        w.emit('orderReturnStatus', lane, [r.id, 'rejected', false]);
        return;
      }
      r.status = 'approved';
      w.emit('orderReturnStatus', lane, [r.id, 'approved', false]);
      break;
    case 'approved':
      r.status = 'processing';
      w.emit('orderReturnStatus', lane, [r.id, 'processing', false]);
      break;
    case 'processing': {
      const restocked = r.type !== 'repair' && w.rng.chance(0.8);
      if (restocked) {
        for (const l of r.line ? [r.line] : r.order.lines) {
          const cell = (w.stock.get(l.productId) ?? []).find((c) => c?.warehouseId === l.warehouseId);
          if (cell) restock(w, lane, cell, l.takes, 'return', r.id, null);
        }
      }
      w.emit('orderReturnStatus', lane, [r.id, 'completed', restocked]);
      const paid = settledPayment(r.order);
      if (r.refund > 0n && paid) {
        paid.refunded += r.refund;
        updatePayment(w, r.order, paid, paid.refunded === r.order.total ? 'refunded' : 'partially_refunded', null);
      }
      return;
    }
  }
  w.at(w.now + drawReturnStage(w.rng, r.status), () => advanceReturn(w, r));
}

/** After how long the holder of a stolen card disputes the charge; some never do. */
export function drawChargeback(rng: Rng): number | undefined {
  if (!rng.chance(0.55)) return undefined;
  return rng.between(...CHARGEBACK_DAYS) * DAY;
}

/** Stolen cards come back: the card holder disputes the charge days after delivery. */
export function chargeBack(w: World, order: Order): void {
  const paid = settledPayment(order);
  if (!paid) return;
  paid.refunded = order.total;
  updatePayment(w, order, paid, 'chargeback', null);
  labelFraud(w, order.customer.id, 'payment', paid.id, 'chargeback');
}

export function maybeChargeback(w: World, order: Order): void {
  const after = drawChargeback(w.rng);
  if (after !== undefined) w.at(w.now + after, () => chargeBack(w, order));
}
