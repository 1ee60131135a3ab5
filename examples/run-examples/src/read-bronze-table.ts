import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import { rowsAsText } from './rows-as-text.ts';

/**
 * A Bronze table as a reader that trusts the manifest sees it: the parts listed in
 * `_sluice_manifest.json`, unioned by column name, values as text, in `columns` order.
 */
export function readBronzeTable(tableDir: string, columns: string[]): { rows: (string | null)[][]; parts: number } {
  const manifest = JSON.parse(readFileSync(join(tableDir, '_sluice_manifest.json'), 'utf8')) as { parts: { path: string }[] };
  const frames = manifest.parts.map((p) => pl.readParquet(join(tableDir, p.path)));
  if (!frames.length) return { rows: [], parts: 0 };
  return { rows: rowsAsText(pl.concat(frames, { how: 'diagonal' }), columns), parts: frames.length };
}
