import { EventQueue } from '../clock/event-queue.js';
import { iso } from '../clock/sim-time.js';
import { formatMoney, type Money } from '../money.js';
import type { Rng } from '../random/prng.js';
import { shuffled, WeightedTable, zipfWeights } from '../random/weighted.js';
import { Batch } from '../rows/batch.js';
import type { OpName, Row } from '../rows/operation.js';
import type { Ids, IdTable } from './ids.js';
import type { Product, Reference, Region, Ward } from './reference.js';
import { distanceKm } from './stock.js';
import type { Customer, StockCell } from './types.js';

export interface Discount {
  id: number;
  code: string;
  type: 'percent' | 'fixed_amount';
  /** Percent, or the fixed amount in money units. */
  percent: number;
  fixed: Money;
  cap: Money | null;
  minOrder: Money;
  from: number;
  to: number;
  limit: number | null;
  used: number;
  campaign: string;
  newCustomersOnly: boolean;
}

export interface FlashOffer {
  productId: number;
  percent: number;
  /** Units each sale offers at the flash price, whatever the warehouses hold, and those still left. */
  quota: number;
  left: number;
}

/** What the active scenarios do to behaviour at a moment; normal-day is all ones. */
export interface Effects {
  traffic: number;
  newCustomers: number;
  conversion: number;
  voucherUse: number;
  promoted: readonly number[];
  promotedShare: number;
  flash: readonly FlashOffer[];
  flashShare: number;
  scenario: string;
}

export const NORMAL_EFFECTS: Effects = {
  traffic: 1,
  newCustomers: 1,
  conversion: 1,
  voucherUse: 0,
  promoted: [],
  promotedShare: 0,
  flash: [],
  flashShare: 0,
  scenario: 'normal-day',
};

export interface Counters {
  sessions: number;
  orders: number;
  stockOuts: number;
  rows: number;
}

/**
 * All simulation state: reference data, customers, stock with its FIFO lots, open carts and
 * orders, the queue of future events, and the rows of the tick being built.
 */
export class World {
  readonly queue = new EventQueue<() => void>();
  batch = new Batch();
  readonly customers: Customer[] = [];
  readonly stock = new Map<number, (StockCell | undefined)[]>();
  /** Stock as the database saw it at the last flush: the cart checkout rule reads that. */
  readonly committedStock = new Map<number, number>();
  readonly touched = new Set<StockCell>();
  readonly discounts: Discount[] = [];
  /** Per province: warehouse indexes nearest first. */
  readonly nearest = new Map<string, number[]>();
  readonly wardTable: WeightedTable<Ward>;
  readonly popularity: WeightedTable<Product>;
  readonly rankedProducts: Product[];
  readonly byCategory = new Map<number, WeightedTable<Product>>();
  readonly productById = new Map<number, Product>();
  /** This run's flash-sale offers by product: checkout takes their quota. */
  readonly flashOffers = new Map<number, FlashOffer>();
  readonly counters: Counters = { sessions: 0, orders: 0, stockOuts: 0, rows: 0 };
  effects: Effects = NORMAL_EFFECTS;
  now = 0;

  /**
   * `catalog` draws what stays true of the shop across runs (which products sell best); `rng`
   * draws everything this run does.
   */
  constructor(
    readonly ref: Reference,
    readonly rng: Rng,
    catalog: Rng,
    readonly ids: Ids,
    readonly window: { start: number; end: number },
  ) {
    // Big cities hold most online shoppers: weight their wards up.
    const bigCity = new Set(['01', '79']);
    const midCity = new Set(['48', '31', '92', '74', '75']);
    this.wardTable = new WeightedTable(
      ref.wards,
      ref.wards.map((w) => (bigCity.has(w.provinceCode) ? 6 : midCity.has(w.provinceCode) ? 2.5 : 1)),
    );
    this.rankedProducts = shuffled(catalog, ref.products);
    this.popularity = new WeightedTable(this.rankedProducts, zipfWeights(this.rankedProducts.length, 1.05));
    for (const c of ref.categories) {
      const inCat = this.rankedProducts.filter((p) => p.categoryId === c.id);
      if (inCat.length) this.byCategory.set(c.id, new WeightedTable(inCat, zipfWeights(inCat.length, 1.0)));
    }
    for (const p of ref.products) this.productById.set(p.id, p);
    const provinces = new Map<string, Ward>();
    for (const w of ref.wards) if (!provinces.has(w.provinceCode)) provinces.set(w.provinceCode, w);
    for (const [code, ward] of provinces) {
      const order = ref.warehouses
        .map((wh, i) => ({ i, d: distanceKm(ward.lat, ward.lon, wh.lat, wh.lon) }))
        .sort((a, b) => a.d - b.d || a.i - b.i)
        .map((x) => x.i);
      this.nearest.set(code, order);
    }
  }

  take(table: IdTable): number {
    return this.ids.take(table);
  }

  emit(op: OpName, lane: number, row: Row): void {
    this.batch.add(op, lane, row);
  }

  at(t: number, fn: () => void): void {
    this.queue.push(t, fn);
  }

  ward(geoId: number): Ward {
    const w = this.wardById.get(geoId);
    if (!w) throw new Error(`unknown ward ${geoId}`);
    return w;
  }

  private _wardById: Map<number, Ward> | undefined;
  private get wardById(): Map<number, Ward> {
    this._wardById ??= new Map(this.ref.wards.map((w) => [w.id, w]));
    return this._wardById;
  }

  /** Cells of a product, nearest warehouse to the province first. */
  cellsFor(productId: number, provinceCode: string): (StockCell | undefined)[] {
    const cells = this.stock.get(productId) ?? [];
    const order = this.nearest.get(provinceCode) ?? cells.map((_, i) => i);
    return order.map((i) => cells[i]);
  }

  regionOf(geoId: number): Region {
    return this.ward(geoId).region;
  }
}

export const money = formatMoney;
export const ts = iso;
