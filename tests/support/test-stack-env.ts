import { join } from 'node:path';
import { platformCache, platformHome } from '@platform/config';

/**
 * The test run's own stack: its own home and ports, so `npm test` never touches a stack a person
 * has running, while sharing the installed binaries (the cache) with it.
 */
export function testStackEnv(base: NodeJS.ProcessEnv = process.env, offset = 10_000): Record<string, string> {
  const defaults = { ...base, PLATFORM_HOME: undefined };
  return {
    PLATFORM_HOME: join(platformHome(defaults), `test-stack-${offset}`),
    PLATFORM_CACHE: platformCache(defaults),
    PG_PORT: String(5435 + offset),
    REDIS_PORT: String(6379 + offset),
    S3_PORT: String(9000 + offset),
    S3_CONSOLE_PORT: String(9001 + offset),
  };
}
