import { loadSettings } from '@platform/config';
import { describe, expect, it } from 'vitest';
import { mountsUnder } from '../src/containers/leftover-mounts.js';
import { stackId } from '../src/containers/stack-identity.js';
import { execRoot } from '../src/services/container-engine.js';

describe('execRoot', () => {
  it('stays under the platform home while containerd’s socket paths fit, else a short path under /run', () => {
    const short = loadSettings({ PLATFORM_HOME: '/var/lib/ecommerce-platform' });
    expect(execRoot(short)).toBe('/var/lib/ecommerce-platform/run/docker');
    const deep = loadSettings({ PLATFORM_HOME: `/var/lib/ecommerce-platform/${'nested/'.repeat(8)}home` });
    expect(execRoot(deep)).toBe(`/run/ecommerce-platform-${stackId(deep)}`);
    expect(stackId(deep)).not.toBe(stackId(short));
  });
});

describe('mountsUnder', () => {
  it('lists the mount points at and below a directory, deepest first, octal escapes decoded', () => {
    // As /proc/self/mountinfo has it: octal escapes in paths, a sibling that shares a prefix.
    const mountinfo = `22 1 254:0 / / rw - ext4 /dev/vda rw
90 22 254:0 /x /srv/home/data rw - ext4 /dev/vda rw
91 90 0:50 / /srv/home/data/overlay2/abc/merged rw - overlay overlay rw
92 22 0:51 / /srv/home-other rw - tmpfs tmpfs rw
93 22 0:52 / /srv/home/data/with\\040space rw - tmpfs tmpfs rw`;
    expect(mountsUnder('/srv/home/data/', mountinfo)).toEqual([
      '/srv/home/data/overlay2/abc/merged',
      '/srv/home/data/with space',
      '/srv/home/data',
    ]);
  });
});
