import { describe, expect, it } from 'vitest';
import { parseReferenceCsv, upsertStatement } from '../src/reference-data.js';

describe('parseReferenceCsv', () => {
  it('maps header to values, empty to NULL, keeps quoted commas and Vietnamese text', () => {
    const parsed = parseReferenceCsv('brand', 'brand_id,name,country\n1,"Điện Máy, Xanh",VN\n2,Apple,\n');
    expect(parsed.columns).toEqual(['brand_id', 'name', 'country']);
    expect(parsed.rows).toEqual([
      { brand_id: '1', name: 'Điện Máy, Xanh', country: 'VN' },
      { brand_id: '2', name: 'Apple', country: null },
    ]);
  });

  it('names the file and line of a ragged row', () => {
    expect(() => parseReferenceCsv('brand', 'a,b\n1,2\n3\n')).toThrow(
      'reference file brand.csv line 3: 1 fields, header has 2',
    );
  });
});

describe('upsertStatement', () => {
  it('upserts on the first column and overwrites the rest', () => {
    expect(upsertStatement('brand', ['brand_id', 'name'])).toBe(
      'INSERT INTO oltp."brand" ("brand_id", "name") SELECT "brand_id", "name" FROM json_populate_recordset(NULL::oltp."brand", $1::json) ON CONFLICT ("brand_id") DO UPDATE SET "name" = EXCLUDED."name" WHERE (oltp."brand"."name") IS DISTINCT FROM (EXCLUDED."name")',
    );
  });
});
