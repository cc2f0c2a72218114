import type pg from 'pg';
import { FIRST_ORDER_VOUCHERS } from '../flows/discounts.js';
import type { World } from '../model/world.js';
import { parseMoney } from '../money.js';

/** The vouchers still valid at `from`, with how often each was used (the database counts). */
export async function loadDiscounts(client: pg.ClientBase, w: World, from: number): Promise<void> {
  const { rows } = await client.query(
    `SELECT discount_id, name, discount_type, value::text, max_discount_amount::text, min_order_amount::text,
       valid_from, valid_to, usage_limit, times_used, campaign
     FROM oltp.discount WHERE is_active AND valid_to > $1 ORDER BY discount_id`,
    [new Date(from).toISOString()],
  );
  for (const r of rows) {
    const percent = r.discount_type === 'percent';
    w.discounts.push({
      id: Number(r.discount_id),
      code: r.name,
      type: r.discount_type,
      percent: percent ? Number(r.value) : 0,
      fixed: percent ? 0n : parseMoney(r.value),
      cap: r.max_discount_amount === null ? null : parseMoney(r.max_discount_amount),
      minOrder: parseMoney(r.min_order_amount),
      from: new Date(r.valid_from).getTime(),
      to: new Date(r.valid_to).getTime(),
      limit: r.usage_limit,
      used: r.times_used,
      campaign: r.campaign ?? '',
      newCustomersOnly: FIRST_ORDER_VOUCHERS.has(r.name),
    });
  }
}
