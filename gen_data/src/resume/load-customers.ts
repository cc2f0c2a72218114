import type pg from 'pg';
import type { Cart, Customer, Persona } from '../model/types.js';
import type { World } from '../model/world.js';
import { parseMoney } from '../money.js';

/**
 * Every customer the database holds (fraudsters too: they are drawn for sessions like anyone and
 * then do nothing, as in one long run), with what the simulator remembers of each: how many
 * orders they placed (first-order vouchers), their wishlist and reviews (one row per product, one
 * review per product and channel) and their active cart with its items.
 */
export async function loadCustomers(
  client: pg.ClientBase,
  w: World,
): Promise<{ byId: Map<number, Customer>; carts: Cart[] }> {
  const byId = new Map<number, Customer>();
  const customers = await client.query(
    `SELECT c.customer_id, c.geo_id, c.persona, c.registered_channel_id, c.lifetime_spend::text, c.loyalty_points::text,
       c.registered_at, c.device_fingerprint, c.address_line, coalesce(o.n, 0)::int AS orders
     FROM oltp.customers c
     LEFT JOIN (SELECT customer_id, count(*) AS n FROM oltp.orders GROUP BY 1) o USING (customer_id)
     ORDER BY c.customer_id`,
  );
  for (const r of customers.rows) {
    const ward = w.ward(Number(r.geo_id));
    const customer: Customer = {
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
      orders: r.orders,
    };
    w.customers.push(customer);
    byId.set(customer.id, customer);
  }
  const wishlist = await client.query('SELECT customer_id, product_id FROM oltp.wishlist');
  for (const r of wishlist.rows) byId.get(Number(r.customer_id))?.wishlist.add(r.product_id);
  const reviews = await client.query('SELECT customer_id, product_id, channel_id FROM oltp.product_review');
  for (const r of reviews.rows) byId.get(Number(r.customer_id))?.reviewed.add(`${r.product_id}:${r.channel_id}`);

  const carts = await client.query(
    `SELECT c.cart_id, c.customer_id, c.channel_id, c.last_activity_at,
       coalesce(json_agg(json_build_object('id', i.cart_item_id, 'product', i.product_id, 'quantity', i.quantity,
         'price', i.unit_price::text, 'discount', i.discount_amount::text) ORDER BY i.cart_item_id)
         FILTER (WHERE i.cart_item_id IS NOT NULL), '[]') AS items
     FROM oltp.cart c LEFT JOIN oltp.cart_items i USING (cart_id)
     WHERE c.status = 'active' GROUP BY c.cart_id ORDER BY c.cart_id`,
  );
  const open: Cart[] = [];
  for (const r of carts.rows) {
    const customer = byId.get(Number(r.customer_id));
    if (!customer) continue;
    const cart: Cart = {
      id: Number(r.cart_id),
      customer,
      channelId: r.channel_id,
      items: new Map(),
      removed: new Set(),
      lastActivity: new Date(r.last_activity_at).getTime(),
      status: 'active',
    };
    for (const i of r.items as { id: number; product: number; quantity: number; price: string; discount: string }[]) {
      cart.items.set(i.product, {
        id: Number(i.id),
        productId: i.product,
        quantity: i.quantity,
        unitPrice: parseMoney(i.price),
        discount: parseMoney(i.discount),
      });
    }
    // A customer shops with their latest cart; any older one still active waits for its timers.
    customer.cart = cart;
    open.push(cart);
  }
  return { byId, carts: open };
}
