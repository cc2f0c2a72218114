import { readFileSync } from 'node:fs';

/**
 * The platform's one version: the root package.json's `version`. Image tags are built from it
 * (docker-compose.yaml's defaults are checked against it by tests/compose). Read from the file
 * next to the compiled package, which the checkout and every image carry at the same place.
 */
export function platformVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version?: string };
  if (!version) throw new Error(`${file.pathname} has no "version": it is the platform's version source`);
  return version;
}
