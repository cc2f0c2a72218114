import { UsageError } from '@platform/config';
import { flashSale } from './flash-sale.js';
import { fraudAttack } from './fraud-attack.js';
import { normalDay } from './normal-day.js';
import { promotionBlast } from './promotion-blast.js';
import type { Scenario } from './scenario.js';

export const SCENARIOS: Record<string, Scenario> = {
  'normal-day': normalDay,
  'flash-sale': flashSale,
  'fraud-attack': fraudAttack,
  'promotion-blast': promotionBlast,
};

export function scenarioNamed(name: string): Scenario {
  const s = SCENARIOS[name];
  if (!s) throw new UsageError(`unknown scenario "${name}": choose one of ${Object.keys(SCENARIOS).join(', ')}`);
  return s;
}
