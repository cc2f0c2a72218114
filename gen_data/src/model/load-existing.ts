import type pg from 'pg';
import { parseMoney } from '../money.js';
import type { Persona, StockCell } from './types.js';
import type { World } from './world.js';

/**
 * A run may follow an earlier one: it continues with the customers, stock and lots already in the
 * database (open orders and carts of the earlier run are left as they are).
 */
export async function loadExisting(client: pg.ClientBase, w: World): Promise<void> {
  const customers = await client.query(
    `SELECT customer_id, geo_id, persona, registered_channel_id, lifetime_spend::text, loyalty_points::text,
       registered_at, device_fingerprint, address_line FROM oltp.customers WHERE persona <> 'fraudster' ORDER BY customer_id`,
  );
  for (const r of customers.rows) {
    const ward = w.ward(Number(r.geo_id));
    w.customers.push({
      id: Number(r.customer_id),
      geoId: ward.id,
      region: ward.region,
      address: String(r.address_line).split(',')[0] ?? 'address',
      persona: r.persona as Persona,
      channelId: Number(r.registered_channel_id),
      registeredAt: new Date(r.registered_at).getTime(),
      fingerprint: String(r.device_fingerprint ?? `dev-${r.customer_id}`),
      spend: parseMoney(r.lifetime_spend),
      points: BigInt(r.loyalty_points),
      cart: undefined,
      wishlist: new Set(),
      reviewed: new Set(),
      orders: 1,
    });
  }
  const warehouseIndex = new Map(w.ref.warehouses.map((wh, i) => [wh.id, i]));
  const inv = await client.query(
    `SELECT i.product_id, i.warehouse_id, i.quantity, i.safety_stock, i.reorder_level,
       coalesce((SELECT sum(poi.quantity_ordered) FROM oltp.purchase_order_item poi JOIN oltp.purchase_order po
         USING (purchase_order_id) WHERE po.status = 'ordered' AND poi.product_id = i.product_id
         AND po.warehouse_id = i.warehouse_id), 0) AS on_order
     FROM oltp.inventory i ORDER BY i.product_id, i.warehouse_id`,
  );
  const cells = new Map<string, StockCell>();
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
      // Purchase orders of an earlier run are never received by this one: count them as not coming.
      onOrder: 0 * Number(r.on_order),
      openAlert: {},
    };
    list[warehouseIndex.get(r.warehouse_id) ?? 0] = cell;
    cells.set(`${r.product_id}:${r.warehouse_id}`, cell);
  }
  const lots = await client.query(
    `SELECT lot_id, product_id, warehouse_id, received_at, unit_cost::text, quantity_remaining FROM oltp.inventory_lot
     WHERE quantity_remaining > 0 ORDER BY product_id, warehouse_id, received_at, lot_id`,
  );
  for (const r of lots.rows) {
    cells.get(`${r.product_id}:${r.warehouse_id}`)?.lots.push({
      id: Number(r.lot_id),
      remaining: r.quantity_remaining,
      received: new Date(r.received_at).getTime(),
      unitCost: parseMoney(r.unit_cost),
    });
  }
  const alerts = await client.query(
    "SELECT alert_id, product_id, warehouse_id, alert_type FROM oltp.stock_alert WHERE status = 'open' ORDER BY alert_id",
  );
  for (const r of alerts.rows) {
    const cell = cells.get(`${r.product_id}:${r.warehouse_id}`);
    if (cell) cell.openAlert[r.alert_type as 'out_of_stock' | 'below_safety_stock'] = Number(r.alert_id);
  }
  for (const [productId, list] of w.stock) {
    w.committedStock.set(
      productId,
      list.reduce((s, c) => s + (c?.quantity ?? 0), 0),
    );
  }
}
