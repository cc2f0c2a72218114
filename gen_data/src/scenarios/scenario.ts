import type { Effects, World } from '../model/world.js';

export interface Window {
  from: number;
  to: number;
}

export interface PrepareContext {
  /** The population the run was asked for: sizes quotas. */
  customers: number;
}

/** A scenario changes behaviour inside a time window; normal-day is the base under all of them. */
export interface Scenario {
  name: string;
  description: string;
  defaultWindow(start: number, end: number): Window;
  /** Before the run starts (decides flash SKUs and their quotas). */
  prepare?(w: World, window: Window, ctx: PrepareContext): void;
  /** At the window's start (vouchers, fraud bursts). */
  begin?(w: World, window: Window): void;
  effects(base: Effects, w: World, t: number): Effects;
}
