import { ChangeStreamError } from '../errors.js';

/**
 * PostgreSQL's built-in `pgoutput` logical decoding messages, protocol version 1, decoded from the
 * bytes `pg_logical_slot_peek_binary_changes` returns (one message per row). Values stay text, as
 * pgoutput sends them (the output functions of their types): the row writer turns them into COPY text.
 * https://www.postgresql.org/docs/16/protocol-logicalrep-message-formats.html
 */

/** A column value: text, SQL NULL, or `unchanged` (a TOASTed value an UPDATE did not touch). */
export type TupleValue = string | null | typeof UNCHANGED_TOAST;
export const UNCHANGED_TOAST = Symbol('unchanged-toast');

export interface RelationColumn {
  name: string;
  /** Part of the replica identity (the primary key by default). */
  key: boolean;
  typeOid: number;
  typeModifier: number;
}

export type PgOutputMessage =
  | { kind: 'begin'; finalLsn: bigint; commitTime: bigint; xid: number }
  | { kind: 'commit'; commitLsn: bigint; endLsn: bigint; commitTime: bigint }
  | { kind: 'relation'; oid: number; namespace: string; name: string; columns: RelationColumn[] }
  | { kind: 'insert'; oid: number; values: TupleValue[] }
  | { kind: 'update'; oid: number; old: TupleValue[] | null; values: TupleValue[] }
  | { kind: 'delete'; oid: number; old: TupleValue[] }
  | { kind: 'truncate'; oids: number[] }
  /** Origin, Type and logical decoding Message: nothing a raw change log needs. */
  | { kind: 'other'; tag: string };

class Reader {
  at = 0;
  constructor(private readonly buf: Buffer) {}
  byte(): number {
    this.need(1);
    return this.buf.readUInt8(this.at++);
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.at);
    this.at += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.at);
    this.at += 4;
    return v;
  }
  uint32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.at);
    this.at += 4;
    return v;
  }
  int64(): bigint {
    this.need(8);
    const v = this.buf.readBigUInt64BE(this.at);
    this.at += 8;
    return v;
  }
  string(): string {
    const end = this.buf.indexOf(0, this.at);
    if (end < 0) throw new ChangeStreamError('pgoutput: unterminated string');
    const s = this.buf.toString('utf8', this.at, end);
    this.at = end + 1;
    return s;
  }
  text(length: number): string {
    this.need(length);
    const s = this.buf.toString('utf8', this.at, this.at + length);
    this.at += length;
    return s;
  }
  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new ChangeStreamError('pgoutput: message ends early');
  }
}

function tuple(r: Reader): TupleValue[] {
  const count = r.int16();
  const values: TupleValue[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const kind = String.fromCharCode(r.byte());
    if (kind === 'n') values[i] = null;
    else if (kind === 'u') values[i] = UNCHANGED_TOAST;
    else if (kind === 't') values[i] = r.text(r.int32());
    else throw new ChangeStreamError(`pgoutput: unknown tuple value kind "${kind}" (binary mode is not requested)`);
  }
  return values;
}

function expectTag(r: Reader, allowed: string): string {
  const tag = String.fromCharCode(r.byte());
  if (!allowed.includes(tag)) throw new ChangeStreamError(`pgoutput: expected one of "${allowed}", got "${tag}"`);
  return tag;
}

/** One pgoutput message; a malformed one is a ChangeStreamError. */
export function decodePgOutput(buf: Buffer): PgOutputMessage {
  const r = new Reader(buf);
  const tag = String.fromCharCode(r.byte());
  switch (tag) {
    case 'B':
      return { kind: 'begin', finalLsn: r.int64(), commitTime: r.int64(), xid: r.uint32() };
    case 'C': {
      r.byte(); // flags, unused
      return { kind: 'commit', commitLsn: r.int64(), endLsn: r.int64(), commitTime: r.int64() };
    }
    case 'R': {
      const oid = r.uint32();
      const namespace = r.string();
      const name = r.string();
      r.byte(); // replica identity setting
      const count = r.int16();
      const columns: RelationColumn[] = [];
      for (let i = 0; i < count; i++) {
        const flags = r.byte();
        columns.push({ key: (flags & 1) === 1, name: r.string(), typeOid: r.uint32(), typeModifier: r.int32() });
      }
      return { kind: 'relation', oid, namespace, name, columns };
    }
    case 'I': {
      const oid = r.uint32();
      expectTag(r, 'N');
      return { kind: 'insert', oid, values: tuple(r) };
    }
    case 'U': {
      const oid = r.uint32();
      const first = expectTag(r, 'KON');
      const old = first === 'N' ? null : tuple(r);
      if (first !== 'N') expectTag(r, 'N');
      return { kind: 'update', oid, old, values: tuple(r) };
    }
    case 'D': {
      const oid = r.uint32();
      expectTag(r, 'KO');
      return { kind: 'delete', oid, old: tuple(r) };
    }
    case 'T': {
      const count = r.int32();
      r.byte(); // options (CASCADE, RESTART IDENTITY)
      const oids: number[] = [];
      for (let i = 0; i < count; i++) oids.push(r.uint32());
      return { kind: 'truncate', oids };
    }
    case 'O':
    case 'Y':
    case 'M':
      return { kind: 'other', tag };
    default:
      throw new ChangeStreamError(`pgoutput: unknown message type "${tag}"`);
  }
}
