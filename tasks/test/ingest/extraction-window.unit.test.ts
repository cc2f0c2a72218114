import { describe, expect, it } from 'vitest';
import {
  extractionPredicate,
  INITIAL_STATE,
  stateFromProperties,
  stateToProperties,
  xminAsXid8,
} from '../../src/incremental/extraction-window.js';

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const qi = (s: string) => `"${s}"`;

describe('extractionPredicate', () => {
  it('takes everything on the first run', () => {
    expect(extractionPredicate(INITIAL_STATE, 'updated_at', 600, 1000n, q, qi)).toEqual({
      sql: 'true',
      lowerBound: null,
    });
  });

  it('reads from watermark minus overlap, skipping row versions the last snapshot saw', () => {
    const state = { watermark: '2025-03-01 10:00:00+00', pgSnapshot: '900:905:901,903', lsn: null };
    const { sql, lowerBound } = extractionPredicate(state, 'updated_at', 600, 1000n, q, qi);
    expect(lowerBound).toBe('2025-03-01 10:00:00+00');
    expect(sql).toContain(`"updated_at" >= '2025-03-01 10:00:00+00'::timestamptz - interval '600 seconds'`);
    expect(sql).toContain(`NOT pg_visible_in_snapshot(`);
    expect(sql).toContain(`'900:905:901,903'::pg_snapshot`);
  });

  it('refuses a snapshot text that is not one (it is inlined into SQL)', () => {
    const state = { watermark: null, pgSnapshot: "1:2:'; DROP TABLE x; --", lsn: null };
    expect(() => extractionPredicate(state, 'updated_at', 0, 10n, q, qi)).toThrow('not a pg_snapshot');
  });
});

describe('xminAsXid8', () => {
  it('puts xmin in the epoch of xmax, or the one before when its low bits are higher', () => {
    const xmax = (3n << 32n) + 100n;
    const sql = xminAsXid8(xmax);
    expect(sql).toContain(`WHEN xmin::text::bigint > 100 THEN ${2n << 32n} ELSE ${3n << 32n}`);
    expect(xminAsXid8(500n)).toContain('WHEN xmin::text::bigint > 500 THEN 0 ELSE 0');
  });
});

describe('state in table properties', () => {
  it('round-trips, and is absent until a run committed', () => {
    const props = stateToProperties({ watermark: 'w', pgSnapshot: '1:2:', lsn: null }, 'run-1', 'oltp.orders');
    expect(stateFromProperties(props)).toEqual({ watermark: 'w', pgSnapshot: '1:2:', lsn: null });
    expect(stateFromProperties({})).toBeUndefined();
    expect(stateFromProperties(stateToProperties(INITIAL_STATE, 'r', 's'))).toEqual(INITIAL_STATE);
  });
});
