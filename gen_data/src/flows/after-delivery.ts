import { DAY, HOUR } from '../clock/sim-time.js';
import type { Order } from '../model/types.js';
import { ts, type World } from '../model/world.js';
import { minMoney, money } from '../money.js';
import { weightedPick } from '../random/weighted.js';
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

/**
 * Reviews are skewed positive, like marketplace ratings; a late delivery drags the rating down,
 * which is the link a logistics analysis should find.
 */
export function rating(rng: World['rng'], late: boolean): number {
  const base = weightedPick(rng, RATINGS);
  return late && rng.chance(0.6) ? Math.max(1, base - rng.intBetween(1, 2)) : base;
}

export function maybeReview(w: World, order: Order): void {
  if (!w.rng.chance(order.late ? 0.4 : 0.3)) return;
  const line = w.rng.pick(order.lines);
  const key = `${line.productId}:${order.channelId}`;
  const c = order.customer;
  if (c.reviewed.has(key)) return;
  c.reviewed.add(key);
  w.at(w.now + w.rng.logNormal(30 * HOUR, 0.6), () => {
    const stars = rating(w.rng, order.late);
    const id = w.take('product_review');
    w.emit('review', c.id, [
      id,
      c.id,
      line.productId,
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
      line.productId,
      null,
      JSON.stringify({ rating: stars, order_code: order.code }),
      ts(w.now),
    ]);
  });
}

const REASONS = ['defective', 'wrong_item', 'not_as_described', 'changed_mind', 'damaged_in_transit'];

/** Returns: requested -> approved | rejected -> processing -> completed, refunded and restocked. */
export function maybeRequestReturn(w: World, order: Order): void {
  if (!w.rng.chance(order.late ? 0.07 : 0.04)) return;
  const lane = order.customer.id;
  w.at(w.now + w.rng.between(4, 60) * HOUR, () => {
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
    const id = w.take('order_return');
    order.refunded += refund;
    w.emit('orderReturn', lane, [id, order.id, line?.id ?? null, type, w.rng.pick(REASONS), money(refund), ts(w.now)]);
    const approved = w.rng.chance(0.85);
    w.at(w.now + w.rng.between(12, 36) * HOUR, () => {
      if (!approved) {
        order.refunded -= refund;
        w.emit('orderReturnStatus', lane, [id, 'rejected', false]);
        return;
      }
      w.emit('orderReturnStatus', lane, [id, 'approved', false]);
      w.at(w.now + w.rng.between(20, 40) * HOUR, () => {
        w.emit('orderReturnStatus', lane, [id, 'processing', false]);
        w.at(w.now + w.rng.between(12, 30) * HOUR, () => {
          const restocked = type !== 'repair' && w.rng.chance(0.8);
          if (restocked) {
            for (const l of line ? [line] : order.lines) {
              const cell = (w.stock.get(l.productId) ?? []).find((c) => c?.warehouseId === l.warehouseId);
              if (cell) restock(w, lane, cell, l.takes, 'return', id, null);
            }
          }
          w.emit('orderReturnStatus', lane, [id, 'completed', restocked]);
          const paid = settledPayment(order);
          if (refund > 0n && paid) {
            paid.refunded += refund;
            updatePayment(w, order, paid, paid.refunded === order.total ? 'refunded' : 'partially_refunded', null);
          }
        });
      });
    });
  });
}

/** Stolen cards come back: the card holder disputes the charge days after delivery. */
export function maybeChargeback(w: World, order: Order): void {
  if (!w.rng.chance(0.55)) return;
  w.at(w.now + w.rng.between(1, 3) * DAY, () => {
    const paid = settledPayment(order);
    if (!paid) return;
    paid.refunded = order.total;
    updatePayment(w, order, paid, 'chargeback', null);
    w.emit('fraudLabel', order.customer.id, [
      w.take('fraud_label'),
      'payment',
      paid.id,
      'chargeback',
      'fraud-attack',
      ts(w.now),
    ]);
  });
}
