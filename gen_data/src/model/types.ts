import type { Money } from '../money.js';
import type { Region } from './reference.js';

export const PERSONAS = ['bargain_hunter', 'loyal', 'one_off', 'regular'] as const;
export type Persona = (typeof PERSONAS)[number] | 'fraudster';
export type Tier = 'Bronze' | 'Silver' | 'Gold' | 'Platinum';

export interface Customer {
  id: number;
  geoId: number;
  region: Region;
  address: string;
  persona: Persona;
  channelId: number;
  registeredAt: number;
  fingerprint: string;
  spend: Money;
  points: bigint;
  cart: Cart | undefined;
  wishlist: Set<number>;
  /** customer_id x product x channel reviewed: the schema allows one review per triple. */
  reviewed: Set<string>;
  orders: number;
}

export interface CartItem {
  id: number;
  productId: number;
  quantity: number;
  unitPrice: Money;
  discount: Money;
}

export interface Cart {
  id: number;
  customer: Customer;
  channelId: number;
  items: Map<number, CartItem>;
  /** Products taken out of this cart: the row is deleted, so the same tick must not re-add it. */
  removed: Set<number>;
  lastActivity: number;
  status: 'active' | 'checked_out' | 'abandoned' | 'expired';
}

export interface Lot {
  id: number;
  remaining: number;
  received: number;
  unitCost: Money;
}

export interface StockCell {
  productId: number;
  warehouseId: number;
  quantity: number;
  safety: number;
  reorder: number;
  /** FIFO order: oldest first. */
  lots: Lot[];
  onOrder: number;
  openAlert: { below_safety_stock?: number; out_of_stock?: number };
}

export interface LotTake {
  lot: Lot;
  quantity: number;
}

export interface OrderLine {
  id: number;
  productId: number;
  warehouseId: number;
  quantity: number;
  unitPrice: Money;
  discount: Money;
  cost: Money;
  takes: LotTake[];
}

export interface PaymentAttempt {
  id: number;
  attempt: number;
  status: 'pending' | 'paid' | 'failed' | 'refunded' | 'partially_refunded' | 'chargeback';
  refunded: Money;
}

export type OrderStatus =
  | 'Pending'
  | 'Confirmed'
  | 'Processing'
  | 'Packed'
  | 'Shipped'
  | 'Delivering'
  | 'Delivered'
  | 'Completed'
  | 'Cancelled'
  | 'DeliveryFailed'
  | 'Returned';

export interface Order {
  id: number;
  code: string;
  customer: Customer;
  channelId: number;
  shipGeoId: number;
  lines: OrderLine[];
  subtotal: Money;
  discountId: number | null;
  discount: Money;
  shippingFee: Money;
  total: Money;
  paymentMethodId: number;
  isCod: boolean;
  payments: PaymentAttempt[];
  status: OrderStatus;
  placedAt: number;
  shipmentId: number;
  partnerId: number;
  methodId: number;
  warehouseId: number;
  methodHours: number;
  late: boolean;
  refunded: Money;
  fraud: boolean;
  /** Extra cancellation propensity (fraud review). */
  cancelBoost: number;
  ship: { shippedAt: number | null; estimatedAt: number | null; deliveredAt: number | null; attempts: number };
}

/** A return on its way: requested -> approved | rejected -> processing -> completed. */
export interface OpenReturn {
  id: number;
  order: Order;
  /** The returned line, or undefined for the whole order. */
  line: OrderLine | undefined;
  type: 'refund' | 'exchange' | 'repair';
  refund: Money;
  status: 'pending' | 'approved' | 'processing';
}

/** A purchase order on its way: what each of its cells will get, at what cost. */
export interface OpenPurchaseOrder {
  id: number;
  warehouseId: number;
  items: { cell: StockCell; quantity: number; unitCost: Money; itemId: number }[];
}
