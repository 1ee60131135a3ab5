import type { LazyDataFrame } from 'nodejs-polars';
import type { TableBatch, TableItem } from '../port-items.ts';
import type { SourceFile } from '../source-file.ts';
import { columnIn } from './lookup-column.ts';

/**
 * The table item of one file of a batch read together: `frame` (its rows alone, filtered out of the
 * batch's) is built only when asked for, since a consumer that takes the batch at once never does,
 * and building a filter per file costs about as much as reading a tiny file.
 */
export function batchTableItem(origin: SourceFile, format: string, batch: TableBatch): TableItem {
  let frame: LazyDataFrame | undefined;
  return {
    kind: 'table',
    origin,
    format,
    batch,
    get frame() {
      frame ??= batch.rows.filter(columnIn(batch.fileColumn, [batch.key])).drop(batch.fileColumn);
      return frame;
    },
  };
}
