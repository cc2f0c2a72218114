import { ipFor, person, streetAddress } from '../model/people.js';
import type { Region } from '../model/reference.js';
import { type Customer, PERSONAS, type Persona } from '../model/types.js';
import type { World } from '../model/world.js';
import { weightedPick } from '../random/weighted.js';

/** Share of customers per persona, and how often each shops (sessions per day). */
export const PERSONA_MIX: readonly [Persona, number][] = [
  ['regular', 0.4],
  ['bargain_hunter', 0.25],
  ['loyal', 0.15],
  ['one_off', 0.2],
];
export const SESSION_RATE: Record<Persona, number> = {
  regular: 1.1,
  bargain_hunter: 1.8,
  loyal: 1.6,
  one_off: 0.35,
  fraudster: 0,
};
export const MAX_SESSION_RATE = 1.8;

/** Registration channel mix: Shopee leads Vietnamese e-commerce, then TikTok Shop, Lazada, Tiki. */
const CHANNEL_SHARE: Record<string, number> = {
  shopee: 0.45,
  tiktok_shop: 0.2,
  lazada: 0.15,
  tiki: 0.08,
  website: 0.12,
};

export function pickChannel(w: World, boostSocial = 1): number {
  return weightedPick(
    w.rng,
    w.ref.channels.map(
      (c) => [c.id, (CHANNEL_SHARE[c.code] ?? 0.05) * (c.type === 'social_commerce' ? boostSocial : 1)] as const,
    ),
  );
}

export interface Registration {
  persona?: Persona;
  geoId?: number;
  channelId?: number;
  fingerprint?: string;
  address?: string;
  socialBoost?: number;
}

export function registerCustomer(w: World, t: number, options: Registration = {}): Customer {
  const id = w.take('customers');
  const ward = options.geoId ? w.ward(options.geoId) : w.wardTable.draw(w.rng);
  const p = person(w.rng, id);
  const customer: Customer = {
    id,
    geoId: ward.id,
    region: ward.region,
    address: options.address ?? streetAddress(w.rng),
    persona: options.persona ?? weightedPick(w.rng, PERSONA_MIX),
    channelId: options.channelId ?? pickChannel(w, options.socialBoost),
    registeredAt: t,
    fingerprint: options.fingerprint ?? `dev-${w.rng.hex(16)}`,
    spend: 0n,
    points: 0n,
    cart: undefined,
    wishlist: new Set(),
    reviewed: new Set(),
    orders: 0,
  };
  w.customers.push(customer);
  w.emit('customers', id, [
    id,
    `CUS${id}`,
    p.fullName,
    p.email,
    p.phone,
    p.gender,
    p.birthDate,
    ward.id,
    `${customer.address}, ${ward.wardName}, ${ward.districtName}, ${ward.provinceName}`,
    customer.channelId,
    customer.persona,
    new Date(t).toISOString(),
    customer.fingerprint,
  ]);
  return customer;
}

/** Honest customers browse from an IP in their own region. */
export function homeIp(w: World, region: Region): string {
  return ipFor(w.rng, region);
}

export { PERSONAS };
