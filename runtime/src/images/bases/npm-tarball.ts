import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '@platform/config';
import { paths } from '../../paths.js';
import { runLogged } from '../build-log.js';

/** An npm package pinned by version and by the registry's integrity string (dist.integrity). */
export interface PinnedNpmPackage {
  name: string;
  version: string;
  integrity: string;
}

function integrityOf(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/**
 * The package's tarball in the cache, downloaded with `npm pack` (the machine's registry and CA
 * settings) and refused unless its sha512 is the pinned one.
 */
export async function pinnedNpmTarball(settings: Settings, pkg: PinnedNpmPackage): Promise<string> {
  const dir = paths.opt(settings, 'downloads');
  const file = join(dir, `${pkg.name.replace(/[@/]/g, '_')}-${pkg.version}.tgz`);
  if (existsSync(file) && integrityOf(file) === pkg.integrity) return file;
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(dir, '.pack-'));
  try {
    await runLogged(
      settings,
      'npm',
      ['pack', `${pkg.name}@${pkg.version}`, '--pack-destination', staging, '--silent'],
      staging,
    );
    const packed = readdirSync(staging).find((f) => f.endsWith('.tgz'));
    if (!packed) throw new Error(`npm pack ${pkg.name}@${pkg.version} produced no tarball`);
    const actual = integrityOf(join(staging, packed));
    if (actual !== pkg.integrity) {
      throw new Error(
        `${pkg.name}@${pkg.version}: the tarball's integrity ${actual} is not the pinned ${pkg.integrity}; refusing it`,
      );
    }
    renameSync(join(staging, packed), file);
    return file;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
