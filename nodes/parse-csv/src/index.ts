import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, type FileItem } from '@sluice/sdk';
import { parseCsvConfig } from './csv-config.ts';
import { csvTable } from './csv-table.ts';
import { prepareCsv } from './prepare-csv.ts';
import { detectCsv } from './detect-csv.ts';
import { emitTable, skipEmpty } from './emit-table.ts';
import { readBatch } from './read-batch.ts';

export { parseCsvConfig, type ParseCsvConfig } from './csv-config.ts';

export default definePlugin({
  type: 'parse-csv',
  version: 1,
  category: 'parse',
  title: 'Parse CSV',
  description:
    'Reads CSV and other delimited text files as tables, streaming: any delimiter, UTF-8/Latin-1/Windows-1252, quotes, escapes, preambles, null markers; text columns by default so no value is lost.',
  icon: 'file-text',
  detect: detectCsv,
  config: parseCsvConfig,
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: { table: { kind: 'table', title: 'Table' } },
  concurrency: 2,
  batches: readBatch,
  async run(config, input, ctx) {
    const file = input!.item as FileItem;
    const label = file.origin.uri;
    const prepared = await prepareCsv(file, config, (name) => ctx.tempPath(name), { signal: ctx.signal });
    if (!prepared.hasData) return skipEmpty(file, ctx);
    await emitTable(file, prepared, await csvTable(prepared, config, label, (m) => ctx.warn(m)), ctx);
  },
  async inspect(config, file) {
    // A preview has no file temp folder: a private one holds the rewritten first 64 KiB, if any.
    const dir = await mkdtemp(join(tmpdir(), 'sluice-csv-inspect-'));
    try {
      const prepared = await prepareCsv(file, config, async (name) => join(dir, name), { headOnly: true });
      if (!prepared.hasData) return { format: 'csv', empty: true };
      return (await csvTable(prepared, { ...config, inferTypes: false }, file.origin.uri, () => {})).metadata;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
});
