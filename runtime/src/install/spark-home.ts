import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Settings } from '@platform/config';
import { ensureAptExecutable } from './apt-package.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The repository checkout the runtime runs from: the Spark daemons use its spark/conf. */
export const repoRoot = (): string => REPO_ROOT;

/**
 * The Spark distribution of the pinned virtualenv (pyspark from spark/requirements.lock), with its
 * jars checked against spark/jars.txt: the daemons run the very Spark and Python the jobs submit
 * with. Java 17 comes from Debian. Returns SPARK_HOME.
 */
export function ensureSparkHome(settings: Settings, log: (m: string) => void): string {
  ensureAptExecutable('java', 'openjdk-17-jre-headless', log);
  try {
    return execFileSync('bash', [`${REPO_ROOT}scripts/python.sh`, 'spark-home'], {
      env: { ...process.env, PLATFORM_HOME: settings.home, PLATFORM_CACHE: settings.cache },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').pop() ?? '';
    throw new Error(`could not prepare Spark: ${stderr || (error as Error).message}`);
  }
}
