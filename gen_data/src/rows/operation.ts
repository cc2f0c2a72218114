/**
 * The writes the simulation makes, by name: the contract between the simulation (model, flows),
 * which emits rows of plain values per operation, and the sinks, which give each name its SQL
 * (sink/ops.ts). Listed in the order a tick's rows are applied, which satisfies the foreign keys
 * and the database's business rules.
 */
export const OPERATIONS = [
  'runStart',
  'customers',
  'discount',
  'inventory',
  'purchaseOrder',
  'purchaseOrderItem',
  'purchaseOrderReceive',
  'purchaseOrderItemReceive',
  'lot',
  'cart',
  'cartItem',
  'cartItemQuantity',
  'cartItemDelete',
  'cartTouch',
  'wishlist',
  'wishlistRemove',
  'order',
  // Checkout runs before the sale decrements stock: the cart rule checks the stock the cart wants.
  'cartCheckout',
  'orderItem',
  'move',
  'payment',
  'paymentUpdate',
  'orderStatus',
  'shipment',
  'shipmentUpdate',
  'orderReturn',
  'orderReturnStatus',
  'customerSpend',
  'review',
  // Resolve before raising: at most one open alert per product, warehouse and type.
  'alertResolve',
  'alert',
  'cartClose',
  'activity',
  'fraudLabel',
  // The run's clock moves last: it claims a tick only with everything the tick wrote.
  'runClock',
] as const;

export type OpName = (typeof OPERATIONS)[number];
export type Cell = string | number | boolean | null;
export type Row = Cell[];
