import v8 from 'node:v8';

/**
 * A backfill keeps a small live heap (about 70 MB for 20,000 customers over a week) but churns
 * through rows, strings and closures. On a machine with plenty of memory V8 lets the heap grow to
 * several times the live size before a full collection, so the process peaked at 310-350 MB.
 * Growing the heap by at most half its live size after each full collection keeps the peak near
 * 210 MB for about the same CPU (docs/benchmarks.md). A factor, not a cap: a larger simulation
 * still gets the heap it needs.
 */
export function limitHeapGrowth(percent = 50): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
