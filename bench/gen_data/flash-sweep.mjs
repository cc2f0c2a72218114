// The flash-sale race with each buyer on its own connection, from 1 to 64 buyers: orders/s and the
// machine's CPU seconds for the same 6,350 units, to see where more backends stop paying off.
//   npx tsc -b && node runtime/dist/cli.js up && eval "$(node runtime/dist/cli.js env)"
//   node bench/gen_data/flash-sweep.mjs [buyers,buyers,...]
// Writes only into its own database (gen_data_flash).

import { flashRace } from './flash-race.mjs';

const start = Date.parse('2025-03-02T17:00:00Z');
const counts = (process.argv[2] ?? '1,2,4,8,16,32,64').split(',').map(Number);
for (const buyers of counts) {
  const r = await flashRace({ start, buyers, connections: buyers });
  console.log(JSON.stringify(r));
}
