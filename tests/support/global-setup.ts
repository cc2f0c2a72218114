import { rmSync } from 'node:fs';
import { loadSettings } from '@platform/config';
import { ensureGeneratedSecrets } from '../../runtime/src/generated-secrets.js';
import type { ServiceContext } from '../../runtime/src/service.js';
import { CORE_SERVICES, down, SERVICES, SPARK_SERVICES, up } from '../../runtime/src/stack.js';

/**
 * Starts the real services once for the whole run (vitest.config.ts has set the test stack's env).
 * Airflow (five processes, about 2 GB) only for the tests that use it: they start it themselves.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const log = (message: string) => process.stderr.write(`[test-stack] ${message}\n`);
  // A run killed earlier may have left processes and data behind: start from nothing.
  const leftover = process.env.PLATFORM_HOME as string;
  try {
    await down([...SERVICES], { settings: loadSettings(), log });
  } catch {
    // Nothing to stop: the home had no settings yet.
  }
  rmSync(leftover, { recursive: true, force: true });
  ensureGeneratedSecrets();
  const context: ServiceContext = { settings: loadSettings(), log };
  await up([...CORE_SERVICES, ...SPARK_SERVICES], context);
  return async () => {
    await down([...SERVICES], context);
    rmSync(leftover, { recursive: true, force: true });
  };
}
