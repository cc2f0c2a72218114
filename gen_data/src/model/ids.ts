import type pg from 'pg';

/** Tables whose ids the simulator assigns itself: ids come from the simulation, not from sequences. */
export const ID_COLUMNS = {
  customers: 'customer_id',
  discount: 'discount_id',
  cart: 'cart_id',
  cart_items: 'cart_item_id',
  wishlist: 'wishlist_id',
  customer_activity_log: 'activity_id',
  orders: 'order_id',
  order_items: 'order_item_id',
  payment: 'payment_id',
  shipment: 'shipment_id',
  order_return: 'return_id',
  product_review: 'review_id',
  purchase_order: 'purchase_order_id',
  purchase_order_item: 'purchase_order_item_id',
  inventory_lot: 'lot_id',
  inventory_log: 'log_id',
  stock_alert: 'alert_id',
  fraud_label: 'fraud_label_id',
  simulation_run: 'run_id',
} as const;

export type IdTable = keyof typeof ID_COLUMNS;

/** Next id per table, continuing after what the database already holds so that runs can follow each other. */
export class Ids {
  private readonly next = new Map<IdTable, number>();

  constructor(start: Partial<Record<IdTable, number>> = {}) {
    for (const [table, value] of Object.entries(start)) this.next.set(table as IdTable, value as number);
  }

  /** The id the next take will return. */
  peek(table: IdTable): number {
    return this.next.get(table) ?? 1;
  }

  take(table: IdTable): number {
    const id = this.next.get(table) ?? 1;
    this.next.set(table, id + 1);
    return id;
  }

  static async load(client: pg.ClientBase): Promise<Ids> {
    const parts = Object.entries(ID_COLUMNS).map(
      ([table, column]) => `(SELECT coalesce(max(${column}), 0) + 1 FROM oltp.${table}) AS ${table}`,
    );
    const { rows } = await client.query(`SELECT ${parts.join(', ')}`);
    const start: Partial<Record<IdTable, number>> = {};
    for (const [k, v] of Object.entries(rows[0] as Record<string, string>)) start[k as IdTable] = Number(v);
    return new Ids(start);
  }
}
