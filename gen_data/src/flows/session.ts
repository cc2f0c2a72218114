import { DAY, HOUR } from '../clock/sim-time.js';
import type { Product } from '../model/reference.js';
import type { Cart, Customer, Persona } from '../model/types.js';
import { type FlashOffer, ts, type World } from '../model/world.js';
import { money, percentOf } from '../money.js';
import type { Rng } from '../random/prng.js';
import { type LineRequest, placeOrder } from './checkout.js';
import { pickChannel } from './customers.js';

/** How each persona converts: chance to add a viewed product, to check out a cart, to use a voucher. */
const BEHAVIOUR: Record<Persona, { add: number; checkout: number; voucher: number; views: number }> = {
  regular: { add: 0.045, checkout: 0.2, voucher: 0.12, views: 3.5 },
  bargain_hunter: { add: 0.035, checkout: 0.14, voucher: 0.4, views: 5 },
  loyal: { add: 0.06, checkout: 0.3, voucher: 0.15, views: 3 },
  one_off: { add: 0.05, checkout: 0.2, voucher: 0.08, views: 2.5 },
  fraudster: { add: 0, checkout: 0, voucher: 0, views: 1 },
};
/** As oltp.cart's trigger sets expires_at. */
export const CART_EXPIRES_AFTER = 7 * DAY;
const ABANDON_AFTER_HOURS = [1, 30] as const;
const SEARCH_WORDS = [
  'iphone',
  'samsung',
  'tai nghe',
  'laptop',
  'sạc nhanh',
  'ốp lưng',
  'đồng hồ',
  'loa bluetooth',
  'chuột',
  'bàn phím',
  'camera',
  'máy tính bảng',
  'xiaomi',
  'oppo',
  'gaming',
];

interface SessionContext {
  w: World;
  customer: Customer;
  channelId: number;
  sessionId: string;
  t: number;
  end: number;
}

function log(s: SessionContext, type: string, productId: number | null, query: string | null, meta: object): void {
  s.t = Math.min(s.end - 1, s.t + Math.round(s.w.rng.exponential(35_000)));
  s.w.emit('activity', s.customer.id, [
    s.w.take('customer_activity_log'),
    s.customer.id,
    s.sessionId,
    type,
    s.channelId,
    productId,
    query,
    JSON.stringify(meta),
    ts(s.t),
  ]);
}

function pickProduct(w: World): { product: Product; flash?: FlashOffer } {
  const e = w.effects;
  if (e.flash.length && w.rng.chance(e.flashShare)) {
    const offer = w.rng.pick(e.flash);
    return { product: w.productById.get(offer.productId) as Product, flash: offer };
  }
  if (e.promoted.length && w.rng.chance(e.promotedShare)) {
    const table = w.byCategory.get(w.rng.pick(e.promoted));
    if (table) return { product: table.draw(w.rng) };
  }
  return { product: w.popularity.draw(w.rng) };
}

function touchCart(s: SessionContext): Cart {
  const { w, customer } = s;
  let cart = customer.cart;
  if (!cart) {
    cart = {
      id: w.take('cart'),
      customer,
      channelId: s.channelId,
      items: new Map(),
      removed: new Set(),
      lastActivity: s.t,
      status: 'active',
    };
    customer.cart = cart;
    w.emit('cart', customer.id, [cart.id, customer.id, s.channelId, ts(s.t)]);
  } else {
    w.emit('cartTouch', customer.id, [cart.id, ts(s.t)]);
  }
  cart.lastActivity = s.t;
  return cart;
}

function addToCart(s: SessionContext, product: Product, flash: FlashOffer | undefined): void {
  log(s, 'add_to_cart', product.id, null, flash ? { flash_sale: true } : {});
  if (s.customer.cart?.removed.has(product.id)) return; // changed their mind already
  const cart = touchCart(s);
  const existing = cart.items.get(product.id);
  if (existing) {
    if (flash) return; // flash offers are one per customer
    existing.quantity++;
    s.w.emit('cartItemQuantity', s.customer.id, [existing.id, existing.quantity]);
    return;
  }
  const quantity = flash ? 1 : s.w.rng.chance(0.85) ? 1 : s.w.rng.intBetween(2, 3);
  const discount = flash ? percentOf(product.listPrice, flash.percent) * BigInt(quantity) : 0n;
  const item = { id: s.w.take('cart_items'), productId: product.id, quantity, unitPrice: product.listPrice, discount };
  cart.items.set(product.id, item);
  s.w.emit('cartItem', s.customer.id, [
    item.id,
    cart.id,
    product.id,
    quantity,
    money(product.listPrice),
    money(discount),
  ]);
}

function removeFromCart(s: SessionContext, productId: number, reason: string): void {
  const cart = s.customer.cart;
  const item = cart?.items.get(productId);
  if (!cart || !item) return;
  log(s, 'remove_from_cart', productId, null, { reason });
  cart.items.delete(productId);
  cart.removed.add(productId);
  touchCart(s);
  s.w.emit('cartItemDelete', s.customer.id, [item.id]);
}

/** Whether a shopper walks away from the cart they left (most do), and after how long. */
export function drawAbandon(rng: Rng): number | undefined {
  return rng.chance(0.9) ? rng.between(...ABANDON_AFTER_HOURS) * HOUR : undefined;
}

/** Closes a cart the customer walked away from, unless they came back to it in the meantime. */
export function scheduleAbandon(w: World, cart: Cart, after: number): void {
  const seen = cart.lastActivity;
  w.at(cart.lastActivity + after, () => {
    if (cart.status !== 'active' || cart.lastActivity !== seen) return;
    closeCart(w, cart, 'abandoned');
  });
}

export function closeCart(w: World, cart: Cart, status: 'abandoned' | 'expired'): void {
  cart.status = status;
  if (cart.customer.cart === cart) cart.customer.cart = undefined;
  w.emit('cartClose', cart.customer.id, [cart.id, status]);
}

/** Carts untouched for 7 days expire (the database refuses an earlier expiry). */
export function scheduleExpiry(w: World, cart: Cart, at = cart.lastActivity + CART_EXPIRES_AFTER): void {
  const seen = cart.lastActivity;
  w.at(at, () => {
    if (cart.status === 'active' && cart.lastActivity === seen) closeCart(w, cart, 'expired');
  });
}

/**
 * One visit: search, product views drawn from the heavy-tailed popularity (or the scenario's
 * promoted and flash products), wishlist, add/remove cart, then checkout or buy-now. A cart left
 * behind is abandoned a few hours later or expires after a week.
 */
export function runSession(w: World, customer: Customer, t: number, end: number): void {
  w.counters.sessions++;
  const b = BEHAVIOUR[customer.persona];
  const e = w.effects;
  const s: SessionContext = {
    w,
    customer,
    channelId: w.rng.chance(0.75) ? customer.channelId : pickChannel(w),
    // Named after the session's first event: unique across runs, which continue the event ids.
    sessionId: `S${w.ids.peek('customer_activity_log')}`,
    t,
    end,
  };
  if (w.rng.chance(0.4)) log(s, 'search', null, w.rng.pick(SEARCH_WORDS), {});
  const views = 1 + w.rng.geometric(1 / b.views);
  let lastViewed: { product: Product; flash?: FlashOffer } | undefined;
  let added = false;
  for (let i = 0; i < views; i++) {
    const pick = pickProduct(w);
    lastViewed = pick;
    log(s, 'view', pick.product.id, null, pick.flash ? { flash_sale: true } : {});
    if (!customer.wishlist.has(pick.product.id) && w.rng.chance(0.025)) {
      customer.wishlist.add(pick.product.id);
      log(s, 'wishlist', pick.product.id, null, {});
      w.emit('wishlist', customer.id, [w.take('wishlist'), customer.id, pick.product.id, ts(s.t)]);
    }
    const addChance = pick.flash ? 0.55 : b.add * e.conversion;
    if (w.rng.chance(addChance)) {
      addToCart(s, pick.product, pick.flash);
      added = true;
    }
  }
  const cart = customer.cart;
  if (cart && cart.items.size > 1 && w.rng.chance(0.15)) {
    removeFromCart(s, [...cart.items.keys()][0] as number, 'changed_mind');
  }
  const flashInCart = cart ? [...cart.items.values()].some((i) => i.discount > 0n) : false;
  const voucherUse = Math.max(b.voucher, e.voucherUse);
  if (cart && cart.items.size > 0) {
    const checkoutChance = flashInCart ? 0.75 : Math.min(0.9, 0.75 * b.checkout * e.conversion * (added ? 1 : 0.8));
    if (w.rng.chance(checkoutChance)) {
      const lines: LineRequest[] = [...cart.items.values()].map((i) => ({
        productId: i.productId,
        quantity: i.quantity,
        unitPrice: i.unitPrice,
        discount: i.discount,
      }));
      s.t = Math.min(end - 1, s.t + 30_000);
      const result = placeOrder(w, {
        customer,
        channelId: cart.channelId,
        t: s.t,
        lines,
        cart,
        sessionId: s.sessionId,
        voucherUse,
      });
      if ('unavailable' in result) {
        // Sold out at checkout (or the flash deal is over): the shopper drops the item and, usually, the cart.
        w.counters.stockOuts++;
        removeFromCart(s, result.unavailable.productId, result.unavailable.reason);
        if (cart.items.size === 0 || w.rng.chance(0.7)) closeCart(w, cart, 'abandoned');
        else scheduleExpiry(w, cart);
      }
      return;
    }
    const abandonAfter = drawAbandon(w.rng);
    if (abandonAfter !== undefined) scheduleAbandon(w, cart, abandonAfter);
    scheduleExpiry(w, cart);
    return;
  }
  if (lastViewed && !lastViewed.flash && w.rng.chance(0.006 * e.conversion)) {
    // Buy now: straight from the product page, no cart.
    placeOrder(w, {
      customer,
      channelId: s.channelId,
      t: s.t,
      lines: [{ productId: lastViewed.product.id, quantity: 1, unitPrice: lastViewed.product.listPrice, discount: 0n }],
      sessionId: s.sessionId,
      voucherUse,
    });
  }
}
