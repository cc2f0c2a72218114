import { ts, type World } from '../model/world.js';

export type FraudEntity = 'customer' | 'order' | 'payment';

/** Every fraud pattern comes from the fraud-attack scenario, whichever flow notices it. */
export const FRAUD_SCENARIO = 'fraud-attack';
/** Fraud review cancels more of a ring's orders. */
export const FRAUD_CANCEL_BOOST = 0.12;

/** Ground truth for fraud detection: one oltp.fraud_label row, stamped now. */
export function labelFraud(w: World, lane: number, entity: FraudEntity, id: number, pattern: string): void {
  w.emit('fraudLabel', lane, [w.take('fraud_label'), entity, id, pattern, FRAUD_SCENARIO, ts(w.now)]);
}
