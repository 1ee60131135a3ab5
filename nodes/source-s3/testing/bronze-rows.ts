import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@sluice/store';
import pl from 'nodejs-polars';

/**
 * The rows of Bronze table `t` in a test run's data folder, as records of `columns` (audit columns
 * included): only the parts the manifest lists are the table, a replaced part may linger until clean-up.
 */
export async function bronzeRows(dataDir: string, columns: string[], graphId = 'test-graph'): Promise<Record<string, unknown>[]> {
  const root = join(dataDir, 'bronze', 't');
  if (!existsSync(root)) return [];
  const parts = readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.parquet') && !e.name.startsWith('.'))
    .map((e) => join(e.parentPath, e.name));
  const store = openStore({ dataDir });
  const listed = new Set((await store.nodeStore(graphId).parts.list(`file://${root}`)).map((p) => p.path));
  await store.close();
  const live = listed.size ? parts.filter((p) => [...listed].some((l) => p.endsWith(l))) : parts;
  if (!live.length) return [];
  const df = pl.concat(
    live.map((p) => pl.readParquet(p)),
    { how: 'diagonal' },
  );
  return df.select(...columns).toRecords() as Record<string, unknown>[];
}
