import type { Effects, World } from '../model/world.js';

export interface Window {
  from: number;
  to: number;
}

export interface PrepareContext {
  /** Products whose opening stock is fixed to a quota (flash sales), with the time their reorder resumes. */
  quotas: Map<number, number>;
  customers: number;
}

/** A scenario changes behaviour inside a time window; normal-day is the base under all of them. */
export interface Scenario {
  name: string;
  description: string;
  defaultWindow(start: number, end: number): Window;
  /** Before opening stock is laid down (decides flash SKUs and their quotas). */
  prepare?(w: World, window: Window, ctx: PrepareContext): void;
  /** At the window's start (vouchers, fraud bursts). */
  begin?(w: World, window: Window): void;
  effects(base: Effects, w: World, t: number): Effects;
}
