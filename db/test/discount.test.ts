import { beforeAll, describe, expect, it } from 'vitest';
import { insertCustomer, insertOrder, uniqueCode } from './fixtures.js';
import { seededDatabase } from './support/seeded-database.js';

const seeded = seededDatabase('discount');
let customerId: string;

const INSIDE = '2025-01-15T12:00:00+07';

beforeAll(async () => {
  customerId = await insertCustomer(seeded.writer);
});

interface DiscountSpec {
  type?: 'percent' | 'fixed_amount';
  value?: number;
  cap?: number | null;
  minOrder?: number;
  usageLimit?: number | null;
  active?: boolean;
}

async function insertDiscount(spec: DiscountSpec = {}): Promise<string> {
  const { rows } = await seeded.writer.query(
    `INSERT INTO oltp.discount (code, name, discount_type, value, max_discount_amount, min_order_amount, valid_from,
       valid_to, usage_limit, is_active)
     VALUES ($1, 'Test promo', $2, $3, $4, $5, '2025-01-01T00:00:00+07', '2025-02-01T00:00:00+07', $6, $7)
     RETURNING discount_id`,
    [
      uniqueCode('DSC'),
      spec.type ?? 'percent',
      spec.value ?? 10,
      spec.cap === undefined ? 50_000 : spec.cap,
      spec.minOrder ?? 500_000,
      spec.usageLimit === undefined ? null : spec.usageLimit,
      spec.active ?? true,
    ],
  );
  return rows[0].discount_id as string;
}

/** A 600,000 order as the test customer, taking `amount` off with the discount. */
function discountedOrder(discountId: string, amount: number, placedAt = INSIDE): Promise<string> {
  return insertOrder(seeded.writer, { customerId, subtotal: 600_000, discountAmount: amount, discountId, placedAt });
}

async function timesUsed(discountId: string): Promise<number> {
  const { rows } = await seeded.writer.query('SELECT times_used FROM oltp.discount WHERE discount_id = $1', [
    discountId,
  ]);
  return rows[0].times_used as number;
}

describe('discount definitions', () => {
  it('caps a percent discount at 70 and requires a positive fixed amount', async () => {
    await expect(insertDiscount({ value: 71 })).rejects.toThrow(/discount_value_in_range/);
    await expect(insertDiscount({ type: 'fixed_amount', value: 0 })).rejects.toThrow(/discount_value_in_range/);
    await insertDiscount({ value: 70 });
  });
});

describe('orders using a discount', () => {
  it('accepts an order inside the window and terms, and counts the use', async () => {
    const discountId = await insertDiscount();
    await discountedOrder(discountId, 50_000);
    expect(await timesUsed(discountId)).toBe(1);
  });

  it('refuses an order placed outside [valid_from, valid_to)', async () => {
    const discountId = await insertDiscount();
    await expect(discountedOrder(discountId, 10_000, '2025-02-01T00:00:00+07')).rejects.toThrow(
      new RegExp(`^discount ${discountId} \\(DSC-[\\d-]+\\) is valid from .* to .*, order ORD-[\\d-]+ was placed at`),
    );
    await expect(discountedOrder(discountId, 10_000, '2024-12-31T23:59:59+07')).rejects.toMatchObject({
      code: 'EC004',
    });
    expect(await timesUsed(discountId)).toBe(0);
  });

  it('refuses an inactive discount', async () => {
    const discountId = await insertDiscount({ active: false });
    await expect(discountedOrder(discountId, 10_000)).rejects.toThrow(/is not active: order ORD-[\d-]+ cannot use it/);
  });

  it('refuses a subtotal below the minimum order amount', async () => {
    const discountId = await insertDiscount();
    await expect(
      insertOrder(seeded.writer, {
        customerId,
        subtotal: 400_000,
        discountAmount: 10_000,
        discountId,
        placedAt: INSIDE,
      }),
    ).rejects.toThrow(/needs a subtotal of at least 500000.00, order ORD-[\d-]+ has 400000.00/);
  });

  it('limits a percent discount to value% of the subtotal, capped by max_discount_amount', async () => {
    const capped = await insertDiscount({ value: 10, cap: 50_000 });
    await expect(discountedOrder(capped, 50_001)).rejects.toThrow(
      /allows at most 50000.00 off order ORD-[\d-]+, it claims 50001.00/,
    );
    const uncapped = await insertDiscount({ value: 10, cap: null });
    await expect(discountedOrder(uncapped, 60_001)).rejects.toThrow(/allows at most 60000.00 off/);
    await discountedOrder(uncapped, 60_000);
  });

  it('limits a fixed discount to its value', async () => {
    const discountId = await insertDiscount({ type: 'fixed_amount', value: 100_000, cap: null });
    await expect(discountedOrder(discountId, 100_001)).rejects.toThrow(/allows at most 100000.00 off/);
    await discountedOrder(discountId, 100_000);
  });

  it('stops at the usage limit', async () => {
    const discountId = await insertDiscount({ usageLimit: 2 });
    for (let i = 0; i < 2; i += 1) {
      await discountedOrder(discountId, 10_000);
    }
    await expect(discountedOrder(discountId, 10_000)).rejects.toThrow(
      new RegExp(`^discount ${discountId} \\(DSC-[\\d-]+\\) usage limit 2 reached`),
    );
    expect(await timesUsed(discountId)).toBe(2);
    await expect(
      seeded.writer.query('UPDATE oltp.discount SET times_used = 3 WHERE discount_id = $1', [discountId]),
    ).rejects.toThrow(/discount_usage_within_limit/);
  });

  it('moves the use when an order switches discount', async () => {
    const first = await insertDiscount();
    const second = await insertDiscount();
    const orderId = await discountedOrder(first, 10_000);
    await seeded.writer.query('UPDATE oltp.orders SET discount_id = $2 WHERE order_id = $1', [orderId, second]);
    expect([await timesUsed(first), await timesUsed(second)]).toEqual([0, 1]);
  });
});
