import { ChangeStreamError } from '../errors.js';
import { type PgOutputMessage, type RelationColumn, type TupleValue, UNCHANGED_TOAST } from './pgoutput-decoder.js';

/** One committed row change, in commit order, with its place in the source's history. */
export interface Change {
  namespace: string;
  table: string;
  op: 'insert' | 'update' | 'delete';
  /** The commit LSN of its transaction. */
  lsn: bigint;
  /** Its order inside the transaction, from 0. */
  seq: number;
  /** The relation's columns when the change was made (an added column shows up here first). */
  columns: readonly RelationColumn[];
  /** By column; a delete carries the replica identity (the key), the other columns null. */
  values: (string | null)[];
}

/**
 * Turns pgoutput messages into changes: remembers each relation's latest Relation message, stamps
 * every change with its transaction's commit LSN (from Begin) and its order inside it.
 */
export class ChangeAssembler {
  private readonly relations = new Map<number, { namespace: string; name: string; columns: RelationColumn[] }>();
  private lsn: bigint | undefined;
  private seq = 0;

  /** The change this message is, if it is one. */
  accept(message: PgOutputMessage, resnapshotHint: (table: string) => string): Change | undefined {
    switch (message.kind) {
      case 'begin':
        this.lsn = message.finalLsn;
        this.seq = 0;
        return undefined;
      case 'commit':
        this.lsn = undefined;
        return undefined;
      case 'relation':
        this.relations.set(message.oid, { namespace: message.namespace, name: message.name, columns: message.columns });
        return undefined;
      case 'truncate': {
        const names = message.oids.map((oid) => this.relation(oid).name);
        throw new ChangeStreamError(
          `TRUNCATE of ${names.join(', ')} cannot be replayed key by key: ${names.map(resnapshotHint).join('; ')}`,
        );
      }
      case 'other':
        return undefined;
      default: {
        if (this.lsn === undefined) throw new ChangeStreamError('pgoutput: a change outside a transaction');
        const relation = this.relation(message.oid);
        const base = {
          namespace: relation.namespace,
          table: relation.name,
          lsn: this.lsn,
          seq: this.seq++,
          columns: relation.columns,
        };
        if (message.kind === 'delete') return { ...base, op: 'delete', values: known(message.old, relation.name) };
        const values =
          message.kind === 'update'
            ? withOldToast(message.values, message.old, relation, resnapshotHint)
            : message.values;
        return { ...base, op: message.kind, values: known(values, relation.name) };
      }
    }
  }

  private relation(oid: number) {
    const relation = this.relations.get(oid);
    if (!relation) throw new ChangeStreamError(`pgoutput: a change of relation ${oid} before its Relation message`);
    return relation;
  }
}

/**
 * An UPDATE leaves a TOASTed column it did not change out of the new tuple; the old tuple has it
 * only under REPLICA IDENTITY FULL. Without it the value is unknown: stop rather than write a wrong null.
 */
function withOldToast(
  values: TupleValue[],
  old: TupleValue[] | null,
  relation: { namespace: string; name: string; columns: RelationColumn[] },
  resnapshotHint: (table: string) => string,
): TupleValue[] {
  return values.map((v, i) => {
    if (v !== UNCHANGED_TOAST) return v;
    const before = old?.[i];
    if (before === undefined || before === UNCHANGED_TOAST) {
      throw new ChangeStreamError(
        `an UPDATE of ${relation.namespace}.${relation.name} left the large value of ${relation.columns[i]?.name} out of the change stream: set ALTER TABLE ${relation.namespace}.${relation.name} REPLICA IDENTITY FULL, then ${resnapshotHint(relation.name)}`,
      );
    }
    return before;
  });
}

function known(values: TupleValue[], table: string): (string | null)[] {
  return values.map((v) => {
    if (v === UNCHANGED_TOAST) throw new ChangeStreamError(`pgoutput: ${table}: an unchanged TOAST value in a key`);
    return v;
  });
}
