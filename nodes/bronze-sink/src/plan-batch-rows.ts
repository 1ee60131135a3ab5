import { errorMessage, type RunScope, type TableBatch, type TableItem } from '@sluice/sdk';
import { columnIn } from '@sluice/sdk/polars';
import { partColumnsOf, rescueProblem, withBatchAuditColumns, withRescuedData } from './bronze-columns.ts';
import type { BronzeSinkConfig } from './bronze-sink-config.ts';
import { type Columns, frameColumns } from './frame-columns.ts';
import type { NewTableClaim } from './new-table-claim.ts';
import { dataColumns, type PlannedRows } from './plan-file.ts';
import { planSchema } from './schema-plan.ts';

/** A table item of a batch read together (`TableItem.batch` set). */
export type BatchedTableItem = TableItem & { batch: TableBatch };

/**
 * `planFile` for files read together (items sharing one `TableBatch.rows`): their rows are planned
 * once, as one frame, instead of a frame, a schema look-up and audit columns per file. Every file
 * of a batch has the batch's columns, so the plan is the same for each; should it fail, the error
 * names no file and the batch is split, down to each file planned alone (`planFile`), which names
 * its own.
 */
export async function planBatchRows(
  config: BronzeSinkConfig,
  items: BatchedTableItem[],
  scope: Pick<RunScope, 'runId' | 'warn'>,
  claim: NewTableClaim,
  ingestedAt: Date,
  /** The table's latest schema version's columns, read once for a batch; the commit checks again. */
  latest: Columns | undefined,
): Promise<PlannedRows> {
  const { rows, fileColumn } = items[0]!.batch;
  const origins = items.map((i) => i.origin);
  const together = `${items.length} files read together (${origins[0]!.uri} and others)`;
  const withFile = await frameColumns(rows).catch((err: unknown) => {
    throw new Error(`could not read the columns of ${together}: ${errorMessage(err)}`, { cause: err });
  });
  const allColumns: Columns = {};
  for (const [k, v] of Object.entries(withFile)) if (k !== fileColumn) allColumns[k] = v;
  const fileColumns = dataColumns(allColumns);
  const against = claim.planAgainst(config.schemaMode, latest);
  const plan = planSchema(config.schemaMode, against && dataColumns(against), fileColumns);
  if (!plan.ok) throw new Error(`${together}: ${plan.reason}`);
  const unrescuable = rescueProblem(plan.rescued, fileColumns);
  if (unrescuable) throw new Error(`${together}: ${unrescuable}`);
  if (plan.rescued.length) for (const o of origins) scope.warn(`${o.uri}: columns kept in _rescued_data: ${plan.rescued.join(', ')}`, o);

  // These files' rows only: the sink's batch may hold part of a read batch, or a split may.
  let frame = rows.filter(
    columnIn(
      fileColumn,
      items.map((i) => i.batch.key),
    ),
  );
  if (config.schemaMode === 'rescue') frame = withRescuedData(frame, plan.rescued, fileColumns);
  frame = withBatchAuditColumns(
    frame,
    fileColumn,
    items.map((i) => ({ key: i.batch.key, origin: i.origin })),
    scope.runId,
    ingestedAt,
  );
  if (!Object.keys(allColumns).length) frame = frame.limit(0);
  const partColumns = partColumnsOf(allColumns, config.schemaMode === 'rescue' ? plan.rescued : undefined);
  claim.claim(config.schemaMode, latest, partColumns, Object.keys(fileColumns).length > 0);
  return { origins, frame, partColumns };
}
