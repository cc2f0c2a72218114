import { HOUR, MINUTE } from '../clock/sim-time.js';
import { placeOrder } from '../flows/checkout.js';
import { registerCustomer } from '../flows/customers.js';
import { FRAUD_CANCEL_BOOST, FRAUD_SCENARIO, labelFraud } from '../flows/fraud-labels.js';
import { ipFor, streetAddress } from '../model/people.js';
import type { Region } from '../model/reference.js';
import type { Customer } from '../model/types.js';
import type { Effects, World } from '../model/world.js';
import type { Scenario, Window } from './scenario.js';

const REGIONS: Region[] = ['north', 'central', 'south'];
/** A ring opens its accounts over at most 20 minutes (13 x 90 s), and each places its orders within 50. */
const SIGN_UP_SPREAD = 20 * MINUTE;
const ORDERS_WITHIN = 50 * MINUTE;

/**
 * One fraud ring: a burst of fresh accounts on one or two shared devices, all shipping to one drop
 * address in a region far from where their IPs are, each placing several high-value orders within
 * the hour, paying with tested cards. Labels record the ground truth per customer, order, payment.
 */
function burst(w: World, until: number): void {
  const start = w.now;
  // A burst finishes inside its window, so no run ends in the middle of one.
  const fit = Math.min(1, Math.max(0, until - start) / (SIGN_UP_SPREAD + ORDERS_WITHIN));
  const size = w.rng.intBetween(6, 14);
  const devices = [`dev-${w.rng.hex(16)}`, `dev-${w.rng.hex(16)}`];
  const dropRegion = w.rng.pick(REGIONS);
  const ipRegion = w.rng.pick(REGIONS.filter((r) => r !== dropRegion));
  const drops = w.ref.wards.filter((x) => x.region === dropRegion);
  const drop = w.rng.pick(drops);
  const dropAddress = `${streetAddress(w.rng)}, ${drop.wardName}, ${drop.districtName}, ${drop.provinceName}`;
  const expensive = [...w.ref.products].sort((a, b) =>
    b.listPrice > a.listPrice ? 1 : b.listPrice < a.listPrice ? -1 : a.id - b.id,
  );
  const top = expensive.slice(0, Math.max(5, Math.floor(expensive.length * 0.08)));
  const website = w.ref.channels.find((c) => c.type === 'own_store') ?? w.ref.channels[0];
  for (let i = 0; i < size; i++) {
    w.at(start + i * w.rng.between(20, 90) * 1000 * fit, () => {
      const c: Customer = registerCustomer(w, w.now, {
        persona: 'fraudster',
        fingerprint: w.rng.pick(devices),
        channelId: (website ?? { id: 1 }).id,
      });
      labelFraud(w, c.id, 'customer', c.id, 'new_account_burst');
      labelFraud(w, c.id, 'customer', c.id, 'shared_fingerprint');
      const orders = w.rng.intBetween(2, 5);
      for (let k = 0; k < orders; k++) {
        w.at(w.now + w.rng.between(1, 50) * MINUTE * fit, () => {
          const product = w.rng.pick(top);
          const failures = w.rng.chance(0.6) ? w.rng.intBetween(1, 4) : 0;
          const result = placeOrder(w, {
            customer: c,
            channelId: c.channelId,
            t: w.now,
            lines: [
              {
                productId: product.id,
                quantity: w.rng.chance(0.7) ? 1 : 2,
                unitPrice: product.listPrice,
                discount: 0n,
              },
            ],
            sessionId: `S-fraud-${c.id}-${k}`,
            voucherUse: 0.3,
            shipTo: { geoId: drop.id, address: dropAddress },
            ip: ipFor(w.rng, ipRegion),
            paymentCode: w.rng.chance(0.75) ? 'credit_card' : 'momo',
            forcedFailures: failures,
            cancelBoost: FRAUD_CANCEL_BOOST,
            fraud: true,
          });
          // Card testing: the declined attempts are labelled as they are made (flows/fulfilment).
          if ('order' in result) {
            const o = result.order;
            labelFraud(w, c.id, 'order', o.id, 'order_velocity');
            labelFraud(w, c.id, 'order', o.id, 'geo_mismatch');
            labelFraud(w, c.id, 'order', o.id, 'high_value');
          }
        });
      }
    });
  }
}

export const fraudAttack: Scenario = {
  name: 'fraud-attack',
  description:
    'Fraud rings over the window: bursts of new accounts sharing devices, order velocity, high-value items shipped far from the IP region, card testing and chargebacks; ground truth in oltp.fraud_label.',
  defaultWindow: (start, end) => ({ from: start, to: end }),
  begin(w, window: Window) {
    const hours = (window.to - window.from) / HOUR;
    const bursts = Math.max(2, Math.round(hours / 5));
    for (let i = 0; i < bursts; i++) {
      const at = window.from + w.rng.next() * Math.max(0, window.to - window.from - SIGN_UP_SPREAD - ORDERS_WITHIN);
      w.at(at, () => burst(w, window.to));
    }
  },
  effects: (base: Effects) => ({ ...base, scenario: FRAUD_SCENARIO }),
};
