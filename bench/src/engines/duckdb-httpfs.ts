import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Whether DuckDB can read S3 here: its httpfs extension is not built in but downloaded on first
 * use (`INSTALL httpfs`), which needs DuckDB's extension site. Only loads (no download is tried);
 * returns why it cannot, or undefined when it can.
 */
export async function duckdbHttpfsProblem(duck: DuckDBConnection): Promise<string | undefined> {
  try {
    await duck.run('LOAD httpfs');
    return undefined;
  } catch (err) {
    return (err as Error).message.split('\n')[0]!.trim().replace(/\.$/, '');
  }
}
