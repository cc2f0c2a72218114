import type pg from 'pg';

/** A column of the source table as PostgreSQL describes it. */
export interface SourceColumn {
  name: string;
  /** `format_type` without the modifier, e.g. `numeric`, `timestamp with time zone`. */
  type: string;
  precision: number | null;
  scale: number | null;
  notNull: boolean;
  /** A stored generated column's expression: logical replication does not send its values. */
  generated: string | null;
}

/** Reads the live columns of a table in attribute order; generated columns included (they hold data). */
export async function readSourceColumns(client: pg.Client, schema: string, table: string): Promise<SourceColumn[]> {
  const { rows } = await client.query(
    `SELECT a.attname AS name,
            format_type(a.atttypid, NULL) AS type,
            CASE WHEN a.atttypid = 'numeric'::regtype AND a.atttypmod >= 4
                 THEN ((a.atttypmod - 4) >> 16) & 65535 END AS precision,
            CASE WHEN a.atttypid = 'numeric'::regtype AND a.atttypmod >= 4
                 THEN (a.atttypmod - 4) & 65535 END AS scale,
            a.attnotnull AS "notNull",
            CASE WHEN a.attgenerated = 's' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated
     FROM pg_attribute a
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     JOIN pg_class c ON c.oid = a.attrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attnum`,
    [schema, table],
  );
  if (rows.length === 0) throw new Error(`source table ${schema}.${table} does not exist or has no columns`);
  return rows as SourceColumn[];
}
