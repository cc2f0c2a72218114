import { UnsupportedTypeError } from '../errors.js';
import type { PrimitiveType } from '../iceberg/schema.js';
import type { SourceColumn } from './source-columns.js';

const DIRECT: Record<string, PrimitiveType> = {
  smallint: 'int',
  integer: 'int',
  bigint: 'long',
  boolean: 'boolean',
  real: 'float',
  'double precision': 'double',
  date: 'date',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  text: 'string',
  'character varying': 'string',
  character: 'string',
  // JSON, network addresses and UUIDs travel as their canonical text: every engine reads strings.
  jsonb: 'string',
  json: 'string',
  inet: 'string',
  uuid: 'string',
  bytea: 'binary',
};

/**
 * The Iceberg type a PostgreSQL column lands as. NUMERIC keeps its declared precision and scale,
 * because money must stay exact; an unconstrained NUMERIC has no exact Iceberg equivalent and is
 * refused rather than guessed.
 */
export function icebergTypeFor(column: SourceColumn): PrimitiveType {
  if (column.type === 'numeric') {
    if (column.precision === null || column.scale === null) {
      throw new UnsupportedTypeError(`column ${column.name} is NUMERIC without precision: declare numeric(p,s)`);
    }
    if (column.precision > 38) {
      throw new UnsupportedTypeError(
        `column ${column.name} is numeric(${column.precision},${column.scale}): Iceberg decimals stop at precision 38`,
      );
    }
    return `decimal(${column.precision}, ${column.scale})`;
  }
  const type = DIRECT[column.type];
  if (!type)
    throw new UnsupportedTypeError(`column ${column.name} has type ${column.type}, which has no Iceberg mapping`);
  return type;
}
