import type { Cell, OpName, Row } from '../rows/operation.js';

/**
 * The SQL of every operation the simulation emits (rows/operation.ts). Backfill runs each operation
 * once per tick over all its rows (unnest arrays or COPY); live runs them per business action.
 */

export interface InsertOp {
  kind: 'insert';
  table: string;
  columns: readonly (readonly [string, string])[];
  onConflict?: string;
}
export interface UpdateOp {
  kind: 'update';
  /** SQL over `v`, the unnest of the arrays ($1, $2, ...) typed by `types`. */
  sql: string;
  types: readonly string[];
  /** Column whose value may repeat in a tick: such rows run as successive statements. */
  roundKey?: number;
}
export interface MoveOp {
  kind: 'move';
}
export type OpSpec = InsertOp | UpdateOp | MoveOp;

const ins = (table: string, columns: string, onConflict?: string): InsertOp => ({
  kind: 'insert',
  table,
  columns: columns
    .trim()
    .split(/\s*,\s*/)
    .map((c) => c.split(':') as [string, string]),
  ...(onConflict ? { onConflict } : {}),
});
const upd = (types: string, sql: string, roundKey?: number): UpdateOp => ({
  kind: 'update',
  types: types.split(','),
  sql,
  ...(roundKey === undefined ? {} : { roundKey }),
});

export const OPS = {
  runStart: ins(
    'simulation_run',
    'run_id:int8, seed:text, scenario:text, mode:text, started_at:timestamptz, simulated_until:timestamptz',
  ),
  customers: ins(
    'customers',
    `customer_id:int8, customer_code:text, full_name:text, email:text, phone:text, gender:text, birth_date:date,
     geo_id:int4, address_line:text, registered_channel_id:int2, persona:text, registered_at:timestamptz,
     device_fingerprint:text`,
  ),
  discount: ins(
    'discount',
    `discount_id:int8, code:text, name:text, discount_type:text, value:numeric, max_discount_amount:numeric,
     min_order_amount:numeric, valid_from:timestamptz, valid_to:timestamptz, usage_limit:int4, campaign:text`,
  ),
  inventory: ins(
    'inventory',
    'product_id:int4, warehouse_id:int4, quantity:int4, safety_stock:int4, reorder_level:int4',
  ),
  purchaseOrder: ins(
    'purchase_order',
    'purchase_order_id:int8, po_code:text, warehouse_id:int4, ordered_at:timestamptz, expected_at:timestamptz',
  ),
  purchaseOrderItem: ins(
    'purchase_order_item',
    'purchase_order_item_id:int8, purchase_order_id:int8, product_id:int4, quantity_ordered:int4, unit_cost:numeric',
  ),
  purchaseOrderReceive: upd(
    'int8,timestamptz',
    `UPDATE oltp.purchase_order t SET status = 'received', received_at = v.a2 FROM v WHERE t.purchase_order_id = v.a1`,
  ),
  purchaseOrderItemReceive: upd(
    'int8,int4',
    'UPDATE oltp.purchase_order_item t SET quantity_received = v.a2 FROM v WHERE t.purchase_order_item_id = v.a1',
  ),
  lot: ins(
    'inventory_lot',
    `lot_id:int8, product_id:int4, warehouse_id:int4, purchase_order_id:int8, received_at:timestamptz, unit_cost:numeric,
     quantity_received:int4, quantity_remaining:int4`,
  ),
  cart: ins('cart', 'cart_id:int8, customer_id:int8, channel_id:int2, last_activity_at:timestamptz'),
  cartItem: ins(
    'cart_items',
    'cart_item_id:int8, cart_id:int8, product_id:int4, quantity:int4, unit_price:numeric, discount_amount:numeric',
  ),
  cartItemQuantity: upd(
    'int8,int4',
    'UPDATE oltp.cart_items t SET quantity = v.a2 FROM v WHERE t.cart_item_id = v.a1',
    0,
  ),
  cartItemDelete: upd('int8', 'DELETE FROM oltp.cart_items t USING v WHERE t.cart_item_id = v.a1'),
  cartTouch: upd('int8,timestamptz', 'UPDATE oltp.cart t SET last_activity_at = v.a2 FROM v WHERE t.cart_id = v.a1', 0),
  wishlist: ins('wishlist', 'wishlist_id:int8, customer_id:int8, product_id:int4, added_at:timestamptz'),
  wishlistRemove: upd(
    'int8,timestamptz',
    'UPDATE oltp.wishlist t SET removed_at = v.a2 FROM v WHERE t.wishlist_id = v.a1',
  ),
  order: ins(
    'orders',
    `order_id:int8, order_code:text, customer_id:int8, channel_id:int2, cart_id:int8, placed_at:timestamptz,
     payment_method_id:int2, shipping_geo_id:int4, shipping_address:text, discount_id:int8, subtotal_amount:numeric,
     discount_amount:numeric, shipping_fee:numeric, total_amount:numeric, device_fingerprint:text, ip_address:inet`,
  ),
  cartCheckout: upd(
    'int8,int8,timestamptz',
    `UPDATE oltp.cart t SET status = 'checked_out', order_id = v.a2, checked_out_at = v.a3 FROM v WHERE t.cart_id = v.a1`,
  ),
  orderItem: ins(
    'order_items',
    `order_item_id:int8, order_id:int8, product_id:int4, warehouse_id:int4, quantity:int4, unit_price:numeric,
     discount_amount:numeric, cost_amount:numeric`,
  ),
  /** Stock movements: [product, warehouse, lot, change, type, ref type, ref id, note, log id, before, after, lot after]. */
  move: { kind: 'move' } as MoveOp,
  payment: ins(
    'payment',
    `payment_id:int8, order_id:int8, payment_method_id:int2, attempt_no:int2, status:text, amount:numeric,
     paid_at:timestamptz, failure_reason:text, transaction_ref:text`,
  ),
  paymentUpdate: upd(
    'int8,text,numeric,timestamptz,text',
    `UPDATE oltp.payment t SET status = v.a2, refunded_amount = v.a3, paid_at = coalesce(t.paid_at, v.a4),
       failure_reason = coalesce(v.a5, t.failure_reason) FROM v WHERE t.payment_id = v.a1`,
    0,
  ),
  // In array order (migration 0005): the history rows the trigger numbers must come out the same every run.
  orderStatus: upd('int8,text', 'SELECT oltp.set_order_statuses($1::int8[], $2::text[])', 0),
  shipment: ins(
    'shipment',
    `shipment_id:int8, order_id:int8, partner_id:int4, shipping_method_id:int4, warehouse_id:int4, tracking_code:text,
     shipping_fee:numeric`,
  ),
  shipmentUpdate: upd(
    'int8,text,timestamptz,timestamptz,timestamptz,int2',
    `UPDATE oltp.shipment t SET status = v.a2, shipped_at = coalesce(t.shipped_at, v.a3),
       estimated_delivery_at = coalesce(t.estimated_delivery_at, v.a4), delivered_at = v.a5, attempt_count = v.a6
     FROM v WHERE t.shipment_id = v.a1`,
    0,
  ),
  orderReturn: ins(
    'order_return',
    'return_id:int8, order_id:int8, order_item_id:int8, return_type:text, reason:text, refund_amount:numeric, requested_at:timestamptz',
  ),
  orderReturnStatus: upd(
    'int8,text,bool',
    'UPDATE oltp.order_return t SET status = v.a2, restocked = v.a3 FROM v WHERE t.return_id = v.a1',
    0,
  ),
  customerSpend: upd(
    'int8,numeric,int8',
    'UPDATE oltp.customers t SET lifetime_spend = v.a2, loyalty_points = v.a3 FROM v WHERE t.customer_id = v.a1',
    0,
  ),
  review: ins(
    'product_review',
    'review_id:int8, customer_id:int8, product_id:int4, channel_id:int2, order_id:int8, rating:int2, title:text, body:text',
  ),
  alertResolve: upd('int8', `UPDATE oltp.stock_alert t SET status = 'resolved' FROM v WHERE t.alert_id = v.a1`),
  alert: ins(
    'stock_alert',
    'alert_id:int8, product_id:int4, warehouse_id:int4, alert_type:text, quantity_at_raise:int4, raised_at:timestamptz',
    'ON CONFLICT DO NOTHING',
  ),
  cartClose: upd('int8,text', 'UPDATE oltp.cart t SET status = v.a2 FROM v WHERE t.cart_id = v.a1'),
  activity: ins(
    'customer_activity_log',
    `activity_id:int8, customer_id:int8, session_id:text, activity_type:text, channel_id:int2, product_id:int4,
     search_query:text, metadata:jsonb, occurred_at:timestamptz`,
  ),
  fraudLabel: ins(
    'fraud_label',
    'fraud_label_id:int8, entity_type:text, entity_id:int8, fraud_pattern:text, scenario:text, labeled_at:timestamptz',
  ),
  runClock: upd(
    'int8,timestamptz',
    'UPDATE oltp.simulation_run t SET simulated_until = v.a2, wall_updated_at = now() FROM v WHERE t.run_id = v.a1',
  ),
} satisfies Record<OpName, OpSpec>;

export function insertSql(op: InsertOp): string {
  const names = op.columns.map(([n]) => n).join(', ');
  const arrays = op.columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ');
  return `INSERT INTO oltp.${op.table} (${names}) SELECT * FROM unnest(${arrays})${op.onConflict ? ` ${op.onConflict}` : ''}`;
}

export function updateSql(op: UpdateOp): string {
  const arrays = op.types.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
  const names = op.types.map((_, i) => `a${i + 1}`).join(', ');
  return `WITH v (${names}) AS (SELECT * FROM unnest(${arrays})) ${op.sql}`;
}

export function copySql(op: InsertOp): string {
  return `COPY oltp.${op.table} (${op.columns.map(([n]) => n).join(', ')}) FROM STDIN`;
}

const COPY_ESCAPE = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Rows in COPY's text format: tab-separated, `\N` for null, backslash escapes. */
export function copyText(rows: readonly Row[], width: number): string {
  const lines = new Array<string>(rows.length);
  const fields = new Array<string>(width);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Row;
    for (let c = 0; c < width; c++) {
      const v = row[c] ?? null;
      fields[c] =
        v === null
          ? '\\N'
          : typeof v === 'string'
            ? v.replace(COPY_ESCAPE, (ch) => COPY_ESCAPES[ch] as string)
            : typeof v === 'boolean'
              ? v
                ? 't'
                : 'f'
              : String(v);
    }
    lines[r] = fields.join('\t');
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Rows to column arrays, the shape unnest takes. */
export function columnsOf(rows: readonly Row[], width: number): Cell[][] {
  const cols: Cell[][] = Array.from({ length: width }, () => new Array<Cell>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Row;
    for (let c = 0; c < width; c++) (cols[c] as Cell[])[r] = row[c] ?? null;
  }
  return cols;
}

/** Splits rows so that no key repeats within a statement, keeping each key's order. */
export function rounds(rows: readonly Row[], key: number): Row[][] {
  const out: Row[][] = [];
  const seen = new Map<Cell, number>();
  for (const row of rows) {
    const k = row[key] ?? null;
    const round = (seen.get(k) ?? -1) + 1;
    seen.set(k, round);
    const list = out[round] ?? [];
    out[round] = list;
    list.push(row);
  }
  return out;
}
