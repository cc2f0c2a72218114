import { beforeAll, describe, expect, it } from 'vitest';
import { insertCustomer } from './fixtures.js';
import { seededDatabase } from './support/seeded-database.js';

const seeded = seededDatabase('loyalty');

beforeAll(async () => {});

describe('loyalty tiers', () => {
  it('maps lifetime spend to the tier thresholds', async () => {
    const { rows } = await seeded.writer.query(
      `SELECT oltp.tier_for_spend(s) AS tier FROM unnest('{0, 4999999.99, 5000000, 19999999, 20000000, 50000000}'::numeric[]) s`,
    );
    expect(rows.map((r) => r.tier)).toEqual(['Bronze', 'Bronze', 'Silver', 'Silver', 'Gold', 'Platinum']);
  });

  it('computes points as floor(spend / 10,000) x multiplier, as a whole number', async () => {
    const { rows } = await seeded.writer.query(
      `SELECT oltp.loyalty_points(123456, 'Bronze') AS bronze, oltp.loyalty_points(30000, 'Silver') AS silver,
              oltp.loyalty_points(99999, 'Platinum') AS platinum`,
    );
    expect(rows[0]).toEqual({ bronze: '12', silver: '4', platinum: '27' });
  });

  it('derives a customer’s tier from lifetime spend, so it cannot drift', async () => {
    const customerId = await insertCustomer(seeded.writer, 25_000_000);
    const tier = async () =>
      (await seeded.writer.query('SELECT tier FROM oltp.customers WHERE customer_id = $1', [customerId])).rows[0].tier;
    expect(await tier()).toBe('Gold');
    await seeded.writer.query(`UPDATE oltp.customers SET tier = 'Platinum' WHERE customer_id = $1`, [customerId]);
    expect(await tier()).toBe('Gold');
    await seeded.writer.query('UPDATE oltp.customers SET lifetime_spend = 60000000 WHERE customer_id = $1', [
      customerId,
    ]);
    expect(await tier()).toBe('Platinum');
    await expect(
      seeded.writer.query('UPDATE oltp.customers SET lifetime_spend = -1 WHERE customer_id = $1', [customerId]),
    ).rejects.toThrow(/customers_lifetime_spend_check/);
  });
});
