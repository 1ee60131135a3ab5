import { errorMessage, FileError, type RunScope, type SourceFile, type TableItem } from '@sluice/sdk';
import type { LazyDataFrame } from 'nodejs-polars';
import { isSinkColumn, partColumnsOf, rescueProblem, withAuditColumns, withRescuedData } from './bronze-columns.ts';
import type { BronzeSinkConfig } from './bronze-sink-config.ts';
import { type Columns, frameColumns } from './frame-columns.ts';
import type { NewTableClaim } from './new-table-claim.ts';
import { planSchema } from './schema-plan.ts';

export const dataColumns = (c: Columns): Columns => Object.fromEntries(Object.entries(c).filter(([k]) => !isSinkColumn(k)));

/** Rows planned for a part: one file's, or those of files read together; the frame as it will be written (audit columns added) and the part's columns. */
export interface PlannedRows {
  origins: SourceFile[];
  frame: LazyDataFrame;
  partColumns: Columns;
}

/**
 * Plans one file's rows against the table's schema (the schema mode decides what fits, what is
 * rescued, what fails the file) and adds the audit columns. Throws a FileError naming the file.
 */
export async function planFile(
  config: BronzeSinkConfig,
  item: TableItem,
  scope: Pick<RunScope, 'runId' | 'store' | 'warn'>,
  table: string,
  claim: NewTableClaim,
  ingestedAt: Date,
  /** The table's latest schema version's columns, read once for a batch; the commit checks again. */
  latest?: Columns,
): Promise<PlannedRows> {
  latest ??= (await scope.store.parts.schemaVersions(table)).at(-1)?.columns;
  const origin = item.origin;
  const allColumns = await frameColumns(item.frame).catch((err: unknown) => {
    throw new FileError(origin.uri, `could not read its columns: ${errorMessage(err)}`, { cause: err });
  });
  const fileColumns = dataColumns(allColumns);
  const against = claim.planAgainst(config.schemaMode, latest);
  const plan = planSchema(config.schemaMode, against && dataColumns(against), fileColumns);
  if (!plan.ok) throw new FileError(origin.uri, plan.reason);
  const unrescuable = rescueProblem(plan.rescued, fileColumns);
  if (unrescuable) throw new FileError(origin.uri, unrescuable);
  if (plan.rescued.length) scope.warn(`${origin.uri}: columns kept in _rescued_data: ${plan.rescued.join(', ')}`, origin);

  let frame = config.schemaMode === 'rescue' ? withRescuedData(item.frame, plan.rescued, fileColumns) : item.frame;
  frame = withAuditColumns(frame, origin, scope.runId, ingestedAt);
  // Literal columns on a frame without columns make one row out of none (polars broadcasts them):
  // a file without columns has no rows.
  if (!Object.keys(allColumns).length) frame = frame.limit(0);
  const partColumns = partColumnsOf(allColumns, config.schemaMode === 'rescue' ? plan.rescued : undefined);
  claim.claim(config.schemaMode, latest, partColumns, Object.keys(fileColumns).length > 0);
  return { origins: [origin], frame, partColumns };
}
