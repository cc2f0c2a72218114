import { createHash } from 'node:crypto';
import type { Settings } from '@platform/config';

/** The label every container the runtime starts carries: `down` removes exactly these. */
export const STACK_LABEL = 'io.ecommerce-platform.stack';

/**
 * A short, stable name for one stack (one PLATFORM_HOME): container names and labels carry it, so
 * stacks sharing an engine (DOCKER_HOST) never touch each other's containers.
 */
export function stackId(settings: Settings): string {
  return createHash('sha256').update(settings.home).digest('hex').slice(0, 10);
}
