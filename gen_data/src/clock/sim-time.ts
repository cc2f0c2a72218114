import { UsageError } from '@platform/config';
/**
 * Simulated time is epoch milliseconds. Vietnam has no daylight saving, so local time is a fixed
 * UTC+7 offset and needs no time-zone database.
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const VN_OFFSET = 7 * HOUR;

export function localHour(t: number): number {
  return Math.floor(((t + VN_OFFSET) % DAY) / HOUR);
}

/** 0 = Sunday, as Date.getUTCDay. */
export function localWeekday(t: number): number {
  return new Date(t + VN_OFFSET).getUTCDay();
}

/** Midnight (local) of the business day containing t. */
export function localMidnight(t: number): number {
  return t - ((t + VN_OFFSET) % DAY);
}

export function iso(t: number): string {
  return new Date(t).toISOString();
}

/** Local (Vietnam) time as --start and --until take it: YYYY-MM-DDTHH:MM, seconds only when there are any. */
export function formatLocal(t: number): string {
  const text = new Date(t + VN_OFFSET).toISOString();
  return t % MINUTE === 0 ? text.slice(0, 16) : text.slice(0, 19);
}

/**
 * Parses --start / --until: a date (local midnight) or a date-time; without an explicit zone the
 * time is local Vietnam time, because the business day is Vietnamese.
 */
export function parseSimTime(text: string): number {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const candidate = dateOnly
    ? `${text}T00:00:00+07:00`
    : /([zZ]|[+-]\d{2}:?\d{2})$/.test(text)
      ? text
      : /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)
        ? `${text.replace(' ', 'T')}+07:00`
        : '';
  const t = candidate ? Date.parse(candidate) : Number.NaN;
  if (!Number.isFinite(t))
    throw new UsageError(`bad date "${text}": use YYYY-MM-DD or YYYY-MM-DDTHH:MM (Asia/Ho_Chi_Minh)`);
  if (dateOnly) {
    // Date.parse accepts 2025-02-31 by rolling over; a calendar date must round-trip.
    const back = new Date(t + VN_OFFSET).toISOString().slice(0, 10);
    if (back !== text) throw new UsageError(`bad date "${text}": no such calendar day`);
  }
  return t;
}
