import type pg from 'pg';
import type { Lot, OpenPurchaseOrder, StockCell } from '../model/types.js';
import type { World } from '../model/world.js';
import { parseMoney } from '../money.js';

/** The stock as the database holds it, with every lot it has loaded by id (orders point at theirs). */
export interface LoadedStock {
  cell(productId: number, warehouseId: number): StockCell | undefined;
  /** The lots with these ids, loading the exhausted ones that are not in any cell's FIFO list. */
  lots(client: pg.ClientBase, ids: readonly number[]): Promise<Map<number, Lot>>;
  purchaseOrders: { po: OpenPurchaseOrder; expectedAt: number }[];
}

const toLot = (r: Record<string, unknown>): Lot => ({
  id: Number(r.lot_id),
  remaining: Number(r.quantity_remaining),
  received: new Date(r.received_at as string).getTime(),
  unitCost: parseMoney(String(r.unit_cost)),
});

/**
 * Stock cells with their FIFO lots (those with units left), open stock alerts, and the purchase
 * orders still on their way, whose units count as on order.
 */
export async function loadStock(client: pg.ClientBase, w: World): Promise<LoadedStock> {
  const warehouseIndex = new Map(w.ref.warehouses.map((wh, i) => [wh.id, i]));
  const cells = new Map<string, StockCell>();
  const key = (productId: number, warehouseId: number) => `${productId}:${warehouseId}`;
  const inv = await client.query(
    `SELECT product_id, warehouse_id, quantity, safety_stock, reorder_level FROM oltp.inventory
     ORDER BY product_id, warehouse_id`,
  );
  for (const r of inv.rows) {
    const list = w.stock.get(r.product_id) ?? new Array<StockCell | undefined>(w.ref.warehouses.length).fill(undefined);
    w.stock.set(r.product_id, list);
    const cell: StockCell = {
      productId: r.product_id,
      warehouseId: r.warehouse_id,
      quantity: r.quantity,
      safety: r.safety_stock,
      reorder: r.reorder_level,
      lots: [],
      onOrder: 0,
      openAlert: {},
    };
    list[warehouseIndex.get(r.warehouse_id) ?? 0] = cell;
    cells.set(key(r.product_id, r.warehouse_id), cell);
  }
  const lots = new Map<number, Lot>();
  const lotRows = await client.query(
    `SELECT lot_id, product_id, warehouse_id, received_at, unit_cost::text, quantity_remaining FROM oltp.inventory_lot
     WHERE quantity_remaining > 0 ORDER BY product_id, warehouse_id, received_at, lot_id`,
  );
  for (const r of lotRows.rows) {
    const lot = toLot(r);
    lots.set(lot.id, lot);
    cells.get(key(r.product_id, r.warehouse_id))?.lots.push(lot);
  }
  const alerts = await client.query(
    "SELECT alert_id, product_id, warehouse_id, alert_type FROM oltp.stock_alert WHERE status = 'open' ORDER BY alert_id",
  );
  for (const r of alerts.rows) {
    const cell = cells.get(key(r.product_id, r.warehouse_id));
    if (cell) cell.openAlert[r.alert_type as 'out_of_stock' | 'below_safety_stock'] = Number(r.alert_id);
  }
  for (const [productId, list] of w.stock) {
    w.committedStock.set(
      productId,
      list.reduce((s, c) => s + (c?.quantity ?? 0), 0),
    );
  }

  const open = await client.query(
    `SELECT po.purchase_order_id, po.warehouse_id, po.expected_at, i.purchase_order_item_id, i.product_id,
       i.quantity_ordered, i.unit_cost::text
     FROM oltp.purchase_order po JOIN oltp.purchase_order_item i USING (purchase_order_id)
     WHERE po.status = 'ordered' ORDER BY po.purchase_order_id, i.purchase_order_item_id`,
  );
  const purchaseOrders: LoadedStock['purchaseOrders'] = [];
  for (const r of open.rows) {
    const id = Number(r.purchase_order_id);
    let last = purchaseOrders.at(-1);
    if (last?.po.id !== id) {
      last = { po: { id, warehouseId: r.warehouse_id, items: [] }, expectedAt: new Date(r.expected_at).getTime() };
      purchaseOrders.push(last);
    }
    const cell = cells.get(key(r.product_id, r.warehouse_id));
    if (!cell) continue;
    cell.onOrder += r.quantity_ordered;
    last.po.items.push({
      cell,
      quantity: r.quantity_ordered,
      unitCost: parseMoney(r.unit_cost),
      itemId: Number(r.purchase_order_item_id),
    });
  }

  return {
    cell: (productId, warehouseId) => cells.get(key(productId, warehouseId)),
    async lots(c, ids) {
      const missing = ids.filter((id) => !lots.has(id));
      if (missing.length > 0) {
        const rows = await c.query(
          `SELECT lot_id, received_at, unit_cost::text, quantity_remaining FROM oltp.inventory_lot
           WHERE lot_id = ANY($1::int8[])`,
          [missing],
        );
        for (const r of rows.rows) lots.set(Number(r.lot_id), toLot(r));
      }
      return new Map(ids.flatMap((id) => (lots.has(id) ? [[id, lots.get(id) as Lot] as const] : [])));
    },
    purchaseOrders,
  };
}
