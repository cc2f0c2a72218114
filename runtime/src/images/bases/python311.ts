import { dockerfileBase } from './dockerfile-base.js';

/** Python 3.11 on the Debian base: what the Python images build on instead of the official python:3.11. */
export const python311 = dockerfileBase({
  name: 'python311',
  parents: { DEBIAN_IMAGE: 'debian-bookworm' },
  dockerfile: 'python311.Dockerfile',
});
