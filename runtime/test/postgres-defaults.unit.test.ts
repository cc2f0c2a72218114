import { describe, expect, it } from 'vitest';
import { withTunableDefaults } from '../src/services/postgres-server.js';

describe('withTunableDefaults', () => {
  it('adds a default the file does not set, once', () => {
    const conf = '#max_slot_wal_keep_size = -1\nmax_connections = 100\n';
    const tuned = withTunableDefaults(conf, { max_slot_wal_keep_size: '4GB' });
    expect(tuned).toBe(`${conf}max_slot_wal_keep_size = '4GB'  # platform default (runtime)\n`);
    expect(withTunableDefaults(tuned, { max_slot_wal_keep_size: '4GB' })).toBe(tuned);
  });

  it("keeps an operator's own line", () => {
    const conf = "max_slot_wal_keep_size = '10GB'";
    expect(withTunableDefaults(conf, { max_slot_wal_keep_size: '4GB' })).toBe(conf);
  });
});
