import type { Settings } from '@platform/config';

export interface ImageContext {
  settings: Settings;
  /** Progress lines for the person running the command. */
  log(message: string): void;
}
