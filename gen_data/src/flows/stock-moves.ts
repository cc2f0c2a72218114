import type { Lot, StockCell } from '../model/types.js';
import type { World } from '../model/world.js';

export type ChangeType = 'sale' | 'restock' | 'return' | 'adjustment' | 'damage';
export type RefType = 'order' | 'purchase_order' | 'return' | 'manual';

/**
 * One stock movement of one lot: the in-memory cell and lot already hold the new quantities; this
 * records the inventory_log row with before/after and marks the cell for the alert/reorder check.
 */
export function recordMove(
  w: World,
  lane: number,
  cell: StockCell,
  lot: Lot,
  change: number,
  type: ChangeType,
  refType: RefType,
  refId: number | null,
  note: string | null,
): void {
  const after = cell.quantity;
  w.emit('move', lane, [
    cell.productId,
    cell.warehouseId,
    lot.id,
    change,
    type,
    refType,
    refId,
    note,
    w.take('inventory_log'),
    after - change,
    after,
    lot.remaining,
  ]);
  w.touched.add(cell);
}

/** Puts units back into the lots they came from (cancellation, return to sender, customer return). */
export function restock(
  w: World,
  lane: number,
  cell: StockCell,
  takes: readonly { lot: Lot; quantity: number }[],
  refType: RefType,
  refId: number,
  note: string | null,
): void {
  for (const { lot, quantity } of takes) {
    // takeFifo drops exhausted lots from the cell; a lot refilled by a return must rejoin it, in FIFO place.
    if (!cell.lots.includes(lot)) {
      const at = cell.lots.findIndex(
        (l) => l.received > lot.received || (l.received === lot.received && l.id > lot.id),
      );
      cell.lots.splice(at < 0 ? cell.lots.length : at, 0, lot);
    }
    lot.remaining += quantity;
    cell.quantity += quantity;
    recordMove(w, lane, cell, lot, quantity, 'return', refType, refId, note);
  }
}
