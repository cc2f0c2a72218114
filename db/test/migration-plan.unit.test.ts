import { describe, expect, it } from 'vitest';
import { orderMigrations } from '../src/migration-files.js';
import { planMigrations } from '../src/migration-plan.js';

const files = orderMigrations([
  { fileName: '0002_rules.sql', sql: 'select 2' },
  { fileName: '0001_schema.sql', sql: 'select 1' },
  { fileName: '0003_roles.sql', sql: 'select 3' },
]);

describe('orderMigrations', () => {
  it('orders by version and fingerprints the SQL', () => {
    expect(files.map((f) => [f.version, f.name])).toEqual([
      [1, 'schema'],
      [2, 'rules'],
      [3, 'roles'],
    ]);
    expect(files[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(files[0]?.checksum).not.toBe(files[1]?.checksum);
  });

  it('rejects gaps, duplicates and bad names', () => {
    expect(() => orderMigrations([{ fileName: '0002_x.sql', sql: '' }])).toThrow(/without gaps or duplicates/);
    expect(() =>
      orderMigrations([
        { fileName: '0001_a.sql', sql: '' },
        { fileName: '0001_b.sql', sql: '' },
      ]),
    ).toThrow(/without gaps or duplicates/);
    expect(() => orderMigrations([{ fileName: '1_Schema.sql', sql: '' }])).toThrow(
      /must be named NNNN_lower_snake_name/,
    );
  });
});

describe('planMigrations', () => {
  const applied = (n: number) => files.slice(0, n).map(({ version, name, checksum }) => ({ version, name, checksum }));

  it('runs everything on an empty history and nothing on a complete one', () => {
    expect(planMigrations(files, []).map((f) => f.version)).toEqual([1, 2, 3]);
    expect(planMigrations(files, applied(3))).toEqual([]);
    expect(planMigrations(files, applied(1)).map((f) => f.version)).toEqual([2, 3]);
  });

  it('refuses an edited migration', () => {
    const history = applied(2).map((row) => (row.version === 2 ? { ...row, checksum: 'f'.repeat(64) } : row));
    expect(() => planMigrations(files, history)).toThrow('migration 2 (rules) was edited after it was applied');
  });

  it('refuses a database newer than the code, and a gap', () => {
    expect(() => planMigrations(files.slice(0, 2), applied(3))).toThrow(/does not know: it is newer than the code/);
    expect(() => planMigrations(files, applied(3).slice(1))).toThrow('gap before version 2');
  });
});
