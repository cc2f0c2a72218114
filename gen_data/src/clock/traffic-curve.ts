import { localHour, localWeekday } from './sim-time.js';

/**
 * Relative session intensity per local hour (mean 1): quiet nights, a lunch peak at 11-13 and the
 * main evening peak at 20-22, the shape Vietnamese marketplaces report for mobile shopping.
 */
const HOURLY = [
  0.35, 0.2, 0.12, 0.08, 0.08, 0.15, 0.35, 0.6, 0.85, 1.0, 1.1, 1.45, 1.6, 1.3, 1.05, 1.0, 1.0, 1.05, 1.2, 1.45, 1.8,
  1.95, 1.7, 1.0,
];
const HOURLY_MEAN = HOURLY.reduce((a, b) => a + b, 0) / 24;

/** Weekends and Monday evenings shop more; mid-week is flat. Sunday first. */
const WEEKDAY = [1.12, 0.97, 0.95, 0.96, 0.98, 1.0, 1.1];

export function hourlyFactor(t: number): number {
  return (HOURLY[localHour(t)] as number) / HOURLY_MEAN;
}

export function weekdayFactor(t: number): number {
  return WEEKDAY[localWeekday(t)] as number;
}

export function trafficFactor(t: number): number {
  return hourlyFactor(t) * weekdayFactor(t);
}
