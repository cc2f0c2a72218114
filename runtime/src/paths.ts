import { join } from 'node:path';
import type { Settings } from '@platform/config';

/** Layout of the platform home, one place so every service agrees on it. */
export const paths = {
  opt: (s: Settings, ...rest: string[]) => join(s.cache, ...rest),
  data: (s: Settings, service: string) => join(s.home, 'data', service),
  log: (s: Settings, service: string) => join(s.home, 'logs', `${service}.log`),
  pid: (s: Settings, service: string) => join(s.home, 'run', `${service}.pid`),
  run: (s: Settings) => join(s.home, 'run'),
};
