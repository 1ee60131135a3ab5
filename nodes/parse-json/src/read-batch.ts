import { stat } from 'node:fs/promises';
import { type BatchFacet, batchLimitsOf, type FileItem } from '@sluice/sdk';
import { batchTableItem } from '@sluice/sdk/polars';
import pl from 'nodejs-polars';
import type { LazyDataFrame } from 'nodejs-polars';
import type { ExprCache } from './expr-cache.ts';
import type { ParseJsonOptions } from './parse-json-bytes.ts';
import type { ParseJsonConfig } from './parse-json-config.ts';
import { emitOne, type OneRead, readOne } from './parse-one.ts';
import { FILE_COLUMN, type ReadTogetherRequest, type ReadTogetherResult, readJsonTogether } from './read-json-together.ts';

const MiB = 1024 * 1024;

/** The thread function's name in the plugin's `threads`. */
export const READ_TOGETHER = 'readJsonTogether';

/**
 * parse-json's `batches`: the small files of a batch are read on a plugin thread
 * (`readJsonTogether`: each file as it would be read alone), so that polars' synchronous parse
 * leaves the event loop, and files with the same columns come back as one table with a file column
 * (`TableItem.batch`), which a sink lands at once. Files past `scanAboveMiB` are read here, as `run`
 * reads them. Every file is read before any table is emitted: should one fail, the batch fails having
 * sent nothing on, and the executor splits it until the file at fault fails alone, named.
 */
export const readBatch: BatchFacet<ParseJsonConfig, ExprCache> = {
  limits: batchLimitsOf,

  async run(config, items, scope) {
    const files = items.map(({ input }) => input.item as FileItem);
    const paths = await Promise.all(items.map(({ ctx }, i) => files[i]!.localPath(ctx.signal)));
    // A decompressed file has no listed size: its local copy tells.
    const sizes = await Promise.all(files.map(async (f, i) => f.size ?? (await stat(paths[i]!)).size));
    const small = sizes.flatMap((size, i) => (size <= config.scanAboveMiB * MiB ? [i] : []));
    const request: ReadTogetherRequest = { paths: small.map((i) => paths[i]!), names: small.map((i) => files[i]!.name), options: parseOptions(config) };
    const result = scope.runOnThread
      ? await scope.runOnThread<ReadTogetherResult>(READ_TOGETHER, request, { signal: scope.signal })
      : await readJsonTogether(request);
    const tables: LazyDataFrame[] = result.tables.map(({ format, bytes }) => {
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return (format === 'ipc' ? pl.readIPC(buf) : pl.readParquet(buf)).lazy();
    });
    const read = new Map(small.map((item, j) => [item, result.files[j]!]));
    const where = scope.runOnThread ? ' on a plugin thread' : '';
    const byDuckdb = result.files.filter((f) => f.read === 'together' && f.engine === 'duckdb').length;
    if (read.size) scope.log.info(`${read.size} files read together${where} (${byDuckdb} by DuckDB): ${tables.length} table${tables.length === 1 ? '' : 's'}`);
    // Every file is read before any is handed on: those the thread did not take are read here first.
    const reads: OneRead[] = [];
    for (const [i, { ctx }] of items.entries()) {
      const file = files[i]!;
      const got = read.get(i);
      if (!got || got.read === 'alone') reads.push(await readOne(config, file, ctx));
      else if (got.read === 'empty') reads.push({ skip: 'the file is empty: no JSON records' });
      else
        reads.push({
          table: batchTableItem(file.origin, got.format, { rows: tables[got.table]!, fileColumn: FILE_COLUMN, key: got.key }),
          warnings: got.warnings,
          metrics: { rowsIn: got.records, bytesIn: got.bytes },
        });
    }
    for (const [i, { ctx }] of items.entries()) await emitOne(reads[i]!, files[i]!, ctx);
  },
};

/** The options `parseJsonBytes` reads, and nothing else of the config: what the thread is sent. */
function parseOptions(c: ParseJsonConfig): ParseJsonOptions {
  return { format: c.format, maxDepth: c.maxDepth, separator: c.separator, arrays: c.arrays, types: c.types, badLines: c.badLines };
}
