/**
 * Money is a bigint of hundredths of a đồng, matching numeric(16,2): adding and comparing are exact,
 * and the only conversion is to and from the NUMERIC text PostgreSQL speaks.
 */
export type Money = bigint;

export function parseMoney(text: string): Money {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new Error(`not a money amount: "${text}"`);
  const value = BigInt(m[2] as string) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -value : value;
}

export function formatMoney(value: Money): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Whole đồng to money. */
export function vnd(amount: number | bigint): Money {
  return BigInt(amount) * 100n;
}

/** value * percent / 100, rounded half up to the cent, as PostgreSQL's round(x, 2) does for positives. */
export function percentOf(value: Money, percent: number): Money {
  const basisPoints = BigInt(Math.round(percent * 100));
  return (value * basisPoints + 5000n) / 10000n;
}

/** Rounds down to a multiple of `step` đồng: prices and fees in VND are quoted in round thousands. */
export function floorTo(value: Money, stepVnd: number): Money {
  const step = BigInt(stepVnd) * 100n;
  return (value / step) * step;
}

export function minMoney(a: Money, b: Money): Money {
  return a < b ? a : b;
}

/** Short name for formatMoney: rows carry money as NUMERIC text. */
export const money = formatMoney;
