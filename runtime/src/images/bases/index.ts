import type { BaseImage } from '../base-image.js';
import { debianBookworm } from './debian-bookworm.js';
import { node20, node20Build } from './node20.js';
import { python311 } from './python311.js';

/** Every local base, by name. A new base is one module in this folder and one line here. */
export const BASES: Readonly<Record<string, BaseImage>> = Object.fromEntries(
  [debianBookworm, node20, node20Build, python311].map((base) => [base.name, base]),
);
