/** WAL positions: PostgreSQL prints them `X/Y` (two 32-bit halves in hex); the lake compares them as integers. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (!match) throw new Error(`not a WAL position: "${text}"`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** The lowest of some positions (Math.min does not take bigints). */
export function lowestLsn(lsns: readonly bigint[]): bigint {
  let lowest = lsns[0] as bigint;
  for (const lsn of lsns) if (lsn < lowest) lowest = lsn;
  return lowest;
}
