import { fileURLToPath } from 'node:url';

/** The checkout this runtime was compiled in (runtime/dist/ is two levels below it). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
