export { type Progress, type RunConfig, type RunSummary, runSimulation } from './engine.js';
export { limitHeapGrowth } from './heap-growth.js';
export { checkInvariants } from './report/invariants.js';
export { formatStats, type StatsReport, statsReport } from './report/stats.js';
export { readShopClock } from './resume/shop-clock.js';
export { parseRunOptions, resolveRun } from './run-options.js';
export { BackfillWriter } from './sink/backfill-writer.js';
export { flashSaleRace } from './sink/flash-race.js';
export { LiveWriter } from './sink/live-writer.js';
