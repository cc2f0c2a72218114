import { DAY, HOUR } from '../clock/sim-time.js';
import type { Lot, OpenPurchaseOrder, StockCell } from '../model/types.js';
import { ts, type World } from '../model/world.js';
import { floorTo, money } from '../money.js';
import type { Rng } from '../random/prng.js';
import { recordMove } from './stock-moves.js';

/**
 * Opening stock for a product and warehouse with no inventory row yet: one or two lots at the
 * start of the window, sized to roughly two weeks of the demand this product's popularity implies.
 */
export function openStock(w: World, expectedDailyUnits: Map<number, number>): void {
  const warehouses = w.ref.warehouses;
  for (const product of w.rankedProducts) {
    const cells = w.stock.get(product.id) ?? new Array<StockCell | undefined>(warehouses.length).fill(undefined);
    w.stock.set(product.id, cells);
    if (cells.some((c) => c)) continue; // already stocked (loaded from the database)
    const daily = expectedDailyUnits.get(product.id) ?? 0.1;
    const stockedIn = warehouses.map(() => w.rng.chance(0.7));
    if (!stockedIn.some(Boolean)) stockedIn[w.rng.int(warehouses.length)] = true;
    const share = stockedIn.filter(Boolean).length;
    for (let i = 0; i < warehouses.length; i++) {
      if (!stockedIn[i]) continue;
      const wh = warehouses[i] as (typeof warehouses)[number];
      const reorder = Math.max(20, Math.ceil((daily * 4) / share));
      const safety = Math.max(10, Math.floor(reorder / 2));
      const quantity = Math.max(reorder + 15, Math.round(((daily * 14) / share) * w.rng.between(0.8, 1.3)));
      const cell: StockCell = {
        productId: product.id,
        warehouseId: wh.id,
        quantity,
        safety,
        reorder,
        lots: [],
        onOrder: 0,
        openAlert: {},
      };
      cells[i] = cell;
      // Rows start empty and the opening lots are moved in, so every unit on hand has a log entry.
      w.emit('inventory', 0, [product.id, wh.id, 0, safety, reorder]);
      const parts =
        quantity > 30 && w.rng.chance(0.6)
          ? [Math.floor(quantity / 3), quantity - Math.floor(quantity / 3)]
          : [quantity];
      for (const [k, part] of parts.entries()) {
        const lot: Lot = {
          id: w.take('inventory_lot'),
          remaining: part,
          received: w.window.start,
          // The older lot was bought a little cheaper: FIFO cost then differs from the latest cost.
          unitCost: floorTo((product.unitCost * BigInt(Math.round((k === 0 ? 0.96 : 1) * 1000))) / 1000n, 1),
        };
        cell.lots.push(lot);
        w.emit('lot', 0, [lot.id, product.id, wh.id, null, ts(lot.received), money(lot.unitCost), part, 0]);
        cell.quantity = parts.slice(0, k + 1).reduce((a, b) => a + b, 0);
        recordMove(w, 0, cell, lot, part, 'restock', 'manual', null, 'opening stock');
      }
    }
    w.committedStock.set(
      product.id,
      cells.reduce((s, c) => s + (c?.quantity ?? 0), 0),
    );
  }
}

/**
 * End of tick: raise and resolve safety-stock alerts, and order stock for cells that fell below
 * their reorder level, one purchase order per warehouse.
 */
export function replenish(w: World, t: number): void {
  const perWarehouse = new Map<number, StockCell[]>();
  for (const cell of w.touched) {
    alerts(w, cell, t);
    if (cell.quantity + cell.onOrder < cell.reorder) {
      const list = perWarehouse.get(cell.warehouseId) ?? [];
      list.push(cell);
      perWarehouse.set(cell.warehouseId, list);
    }
  }
  for (const [warehouseId, cells] of perWarehouse) {
    const poId = w.take('purchase_order');
    const lead = w.rng.between(1.5, 4) * DAY;
    const expected = t + lead;
    w.emit('purchaseOrder', 0, [poId, `PO${poId}`, warehouseId, ts(t), ts(expected)]);
    const items = cells.map((cell) => {
      const product = w.productById.get(cell.productId);
      if (!product) throw new Error(`unknown product ${cell.productId}`);
      const quantity = Math.max(cell.reorder * 3, 30) - cell.quantity - cell.onOrder;
      cell.onOrder += quantity;
      const unitCost = floorTo((product.unitCost * BigInt(Math.round(w.rng.between(0.97, 1.04) * 1000))) / 1000n, 1);
      const itemId = w.take('purchase_order_item');
      w.emit('purchaseOrderItem', 0, [itemId, poId, cell.productId, quantity, money(unitCost)]);
      return { cell, quantity, unitCost, itemId };
    });
    const po: OpenPurchaseOrder = { id: poId, warehouseId, items };
    w.at(expected + drawReceiptOffset(w.rng), () => receivePurchaseOrder(w, po));
  }
}

/** Deliveries arrive in working hours, up to 6 hours early or 12 late; the late ones show up in supplier SLA. */
export const RECEIPT_OFFSET_HOURS = [-6, 12] as const;

export function drawReceiptOffset(rng: Rng): number {
  return rng.between(...RECEIPT_OFFSET_HOURS) * HOUR;
}

/** The goods arrive: one new FIFO lot per item, moved into stock and logged. */
export function receivePurchaseOrder(w: World, po: OpenPurchaseOrder): void {
  const at = w.now;
  w.emit('purchaseOrderReceive', 0, [po.id, ts(at)]);
  for (const item of po.items) {
    const lot: Lot = {
      id: w.take('inventory_lot'),
      remaining: item.quantity,
      received: at,
      unitCost: item.unitCost,
    };
    item.cell.lots.push(lot);
    item.cell.quantity += item.quantity;
    item.cell.onOrder -= item.quantity;
    w.emit('purchaseOrderItemReceive', 0, [item.itemId, item.quantity]);
    w.emit('lot', 0, [
      lot.id,
      item.cell.productId,
      po.warehouseId,
      po.id,
      ts(at),
      money(lot.unitCost),
      item.quantity,
      0,
    ]);
    recordMove(w, 0, item.cell, lot, item.quantity, 'restock', 'purchase_order', po.id, null);
  }
}

function alerts(w: World, cell: StockCell, t: number): void {
  const open = cell.openAlert;
  if (open.out_of_stock !== undefined && cell.quantity > 0) {
    w.emit('alertResolve', 0, [open.out_of_stock]);
    delete open.out_of_stock;
  }
  if (open.below_safety_stock !== undefined && cell.quantity >= cell.safety) {
    w.emit('alertResolve', 0, [open.below_safety_stock]);
    delete open.below_safety_stock;
  }
  const raise = (type: 'out_of_stock' | 'below_safety_stock') => {
    const id = w.take('stock_alert');
    open[type] = id;
    w.emit('alert', 0, [id, cell.productId, cell.warehouseId, type, cell.quantity, ts(t)]);
  };
  if (cell.quantity < cell.safety && open.below_safety_stock === undefined) raise('below_safety_stock');
  if (cell.quantity === 0 && open.out_of_stock === undefined) raise('out_of_stock');
}
