import type { Money } from '../money.js';
import type { LotTake, StockCell } from './types.js';

/**
 * Warehouses that can serve `quantity` of a product, nearest first. A line is split across
 * warehouses only when no single one holds enough, as fulfilment centres do.
 */
export function allocate(
  cells: readonly (StockCell | undefined)[],
  quantity: number,
): { cell: StockCell; quantity: number }[] | undefined {
  for (const cell of cells) {
    if (cell && cell.quantity >= quantity) return [{ cell, quantity }];
  }
  const out: { cell: StockCell; quantity: number }[] = [];
  let left = quantity;
  for (const cell of cells) {
    if (!cell || cell.quantity === 0) continue;
    const take = Math.min(cell.quantity, left);
    out.push({ cell, quantity: take });
    left -= take;
    if (left === 0) return out;
  }
  return undefined;
}

/** Consumes the oldest lots first and returns what was taken and its cost (real COGS). */
export function takeFifo(cell: StockCell, quantity: number): { takes: LotTake[]; cost: Money } {
  if (cell.quantity < quantity) throw new Error(`stock invariant: ${cell.productId}@${cell.warehouseId} short`);
  const takes: LotTake[] = [];
  let cost = 0n;
  let left = quantity;
  for (const lot of cell.lots) {
    if (left === 0) break;
    if (lot.remaining === 0) continue;
    const n = Math.min(lot.remaining, left);
    lot.remaining -= n;
    left -= n;
    cost += lot.unitCost * BigInt(n);
    takes.push({ lot, quantity: n });
  }
  if (left !== 0) throw new Error(`lot invariant: ${cell.productId}@${cell.warehouseId} lots hold less than quantity`);
  cell.quantity -= quantity;
  // Exhausted lots stay in the database but need not be scanned again.
  while (cell.lots.length > 1 && (cell.lots[0]?.remaining ?? 1) === 0 && cell.lots[0] !== takes.at(-1)?.lot) {
    cell.lots.shift();
  }
  return { takes, cost };
}

export function totalStock(cells: readonly (StockCell | undefined)[]): number {
  let sum = 0;
  for (const cell of cells) sum += cell?.quantity ?? 0;
  return sum;
}

export function distanceKm(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLon = (bLon - aLon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}
