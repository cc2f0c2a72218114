import type { Int64Column } from '../iceberg/parquet/int64-column.js';
import type { Utf8Column } from '../iceberg/parquet/utf8-column.js';

/**
 * Decoded rows, column by column: `columns[i][r]` is column i of row r, null for SQL NULL. A string
 * column may be a Utf8Column (its UTF-8 bytes), a 64-bit one an Int64Column. Whatever a row source
 * reads (COPY today, a change stream tomorrow) reaches the data-file writer in this shape.
 */
export interface RowBatch {
  length: number;
  columns: (unknown[] | Utf8Column | Int64Column)[];
}
