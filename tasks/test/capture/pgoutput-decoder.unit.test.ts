import { describe, expect, it } from 'vitest';
import { ChangeAssembler } from '../../src/capture/change-assembler.js';
import { decodePgOutput, UNCHANGED_TOAST } from '../../src/capture/pgoutput-decoder.js';

/** pgoutput messages built byte by byte, as the protocol documentation lays them out. */
const int8 = (v: number) => Buffer.from([v]);
const int16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(v);
  return b;
};
const int32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};
const int64 = (v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(v);
  return b;
};
const str = (s: string) => Buffer.concat([Buffer.from(s, 'utf8'), int8(0)]);
const tag = (t: string) => Buffer.from(t, 'latin1');
type Value = string | null | 'u';
const tuple = (values: Value[]) =>
  Buffer.concat([
    int16(values.length),
    ...values.map((v) => {
      if (v === null) return tag('n');
      if (v === 'u') return tag('u');
      const bytes = Buffer.from(v, 'utf8');
      return Buffer.concat([tag('t'), int32(bytes.length), bytes]);
    }),
  ]);

const begin = (lsn: bigint) => Buffer.concat([tag('B'), int64(lsn), int64(1n), int32(700)]);
const commit = (lsn: bigint) => Buffer.concat([tag('C'), int8(0), int64(lsn), int64(lsn + 8n), int64(1n)]);
const relation = (oid: number, name: string, columns: [string, boolean][]) =>
  Buffer.concat([
    tag('R'),
    int32(oid),
    str('oltp'),
    str(name),
    tag('d'),
    int16(columns.length),
    ...columns.map(([n, key]) => Buffer.concat([int8(key ? 1 : 0), str(n), int32(25), int32(-1)])),
  ]);
const insert = (oid: number, values: Value[]) => Buffer.concat([tag('I'), int32(oid), tag('N'), tuple(values)]);
const update = (oid: number, values: Value[], old?: Value[]) =>
  Buffer.concat([tag('U'), int32(oid), ...(old ? [tag('O'), tuple(old)] : []), tag('N'), tuple(values)]);
const del = (oid: number, key: Value[]) => Buffer.concat([tag('D'), int32(oid), tag('K'), tuple(key)]);

const hint = (t: string) => `run tasks resnapshot --table ${t}`;

function changes(messages: Buffer[]) {
  const assembler = new ChangeAssembler();
  return messages.map((m) => assembler.accept(decodePgOutput(m), hint)).filter((c) => c !== undefined);
}

describe('pgoutput decoder', () => {
  it('decodes Begin, Relation, Insert, Update, Delete and Commit', () => {
    expect(decodePgOutput(begin(0x16b374d848n))).toEqual({
      kind: 'begin',
      finalLsn: 0x16b374d848n,
      commitTime: 1n,
      xid: 700,
    });
    expect(
      decodePgOutput(
        relation(42, 'cart_items', [
          ['id', true],
          ['qty', false],
        ]),
      ),
    ).toMatchObject({
      kind: 'relation',
      oid: 42,
      namespace: 'oltp',
      name: 'cart_items',
      columns: [
        { name: 'id', key: true, typeOid: 25, typeModifier: -1 },
        { name: 'qty', key: false },
      ],
    });
    expect(decodePgOutput(insert(42, ['1', null, 'é\tx']))).toEqual({
      kind: 'insert',
      oid: 42,
      values: ['1', null, 'é\tx'],
    });
    expect(decodePgOutput(update(42, ['1', 'u'], ['1', 'big']))).toEqual({
      kind: 'update',
      oid: 42,
      old: ['1', 'big'],
      values: ['1', UNCHANGED_TOAST],
    });
    expect(decodePgOutput(del(42, ['1', null]))).toEqual({ kind: 'delete', oid: 42, old: ['1', null] });
    expect(decodePgOutput(commit(99n))).toMatchObject({ kind: 'commit', commitLsn: 99n, endLsn: 107n });
  });

  it('refuses a truncated message and an unknown type', () => {
    expect(() => decodePgOutput(insert(42, ['12345']).subarray(0, 12))).toThrow(/ends early/);
    expect(() => decodePgOutput(tag('Z'))).toThrow(/unknown message type "Z"/);
  });
});

describe('change assembler', () => {
  it('stamps changes with the commit LSN and their order in the transaction; deletes carry the key', () => {
    const out = changes([
      relation(42, 'cart_items', [
        ['id', true],
        ['qty', false],
      ]),
      begin(100n),
      insert(42, ['1', '2']),
      update(42, ['1', '3']),
      commit(100n),
      begin(200n),
      del(42, ['1', null]),
      commit(200n),
    ]);
    expect(out.map((c) => [c.op, c.lsn, c.seq, c.values])).toEqual([
      ['insert', 100n, 0, ['1', '2']],
      ['update', 100n, 1, ['1', '3']],
      ['delete', 200n, 0, ['1', null]],
    ]);
  });

  it('follows a Relation message that adds a column', () => {
    const out = changes([
      relation(42, 't', [['id', true]]),
      begin(1n),
      insert(42, ['1']),
      commit(1n),
      relation(42, 't', [
        ['id', true],
        ['note', false],
      ]),
      begin(2n),
      insert(42, ['2', 'new']),
      commit(2n),
    ]);
    expect(out.map((c) => c.columns.map((k) => k.name))).toEqual([['id'], ['id', 'note']]);
  });

  it('takes an unchanged TOAST value from the old tuple, and stops when there is none', () => {
    const rel = relation(42, 't', [
      ['id', true],
      ['body', false],
    ]);
    expect(changes([rel, begin(1n), update(42, ['1', 'u'], ['1', 'long text']), commit(1n)])[0]?.values).toEqual([
      '1',
      'long text',
    ]);
    expect(() => changes([rel, begin(1n), update(42, ['1', 'u']), commit(1n)])).toThrow(
      /large value of body .*REPLICA IDENTITY FULL, then run tasks resnapshot --table t/,
    );
  });

  it('refuses a TRUNCATE with the re-snapshot command', () => {
    const truncate = Buffer.concat([tag('T'), int32(1), int8(0), int32(42)]);
    expect(() => changes([relation(42, 't', [['id', true]]), begin(1n), truncate])).toThrow(
      /TRUNCATE of t .*tasks resnapshot --table t/,
    );
  });
});
