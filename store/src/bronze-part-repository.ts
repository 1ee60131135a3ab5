import { asc, eq, sql } from 'drizzle-orm';
import { bronzeParts } from './db/bronze-tables.ts';
import type { DbClient } from './db-client.ts';

/** A committed part named by its path and the run that wrote it, which together name its figures too. */
export interface PartPath {
  path: string;
  runId: string;
}

/**
 * The parts of a Bronze table as path and run only, in path order, for the checks the sink makes
 * on every run (which files in storage the manifest lists, and whether the manifest snapshot is
 * current): at 10,000 parts it costs 7-10 ms where `list` (every column, dates mapped) costs
 * 27-58 ms, and a run calls it twice (open and close). Prepared once per store; `PartReader.paths`.
 */
export function partPathsQuery(c: DbClient): (table: string) => PartPath[] {
  const query = c.db
    .select({ path: bronzeParts.path, runId: bronzeParts.runId })
    .from(bronzeParts)
    .where(eq(bronzeParts.table, sql.placeholder('table')))
    // The primary key (table, path) gives this order for free.
    .orderBy(asc(bronzeParts.path))
    .prepare();
  return (table) => query.all({ table });
}
