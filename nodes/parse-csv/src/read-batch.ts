import { type BatchFacet, batchLimitsOf, type FileItem } from '@sluice/sdk';
import type { ParseCsvConfig } from './csv-config.ts';
import { type CsvTable, csvTable } from './csv-table.ts';
import { emitTable, skipEmpty } from './emit-table.ts';
import { prepareCsv } from './prepare-csv.ts';
import { readTogether, readTogetherKey, type TogetherTable } from './read-together.ts';

/**
 * parse-csv's `batches`: small files of one dialect and header that arrive together are read in
 * one polars scan (read-together.ts) instead of one each; other files of the batch are read alone,
 * as `run` reads them. Every file is read before any table is emitted: should one fail, the batch
 * fails having sent nothing on, and the executor splits it until the file at fault fails alone,
 * named, so no table goes downstream twice.
 */
export const readBatch: BatchFacet<ParseCsvConfig> = {
  limits: batchLimitsOf,

  async run(config, items, scope) {
    const files = items.map(({ input }) => input.item as FileItem);
    const prepared = await Promise.all(items.map(({ ctx }, i) => prepareCsv(files[i]!, config, (name) => ctx.tempPath(name), { signal: ctx.signal })));
    const tables: (CsvTable | TogetherTable | undefined)[] = [];
    const groups = new Map<string, number[]>();
    prepared.forEach((p, i) => {
      const key = readTogetherKey(p, config);
      if (key === null) return;
      const members = groups.get(key);
      if (members) members.push(i);
      else groups.set(key, [i]);
    });
    let n = 0;
    for (const members of groups.values()) {
      if (members.length < 2) continue;
      const dir = await items[members[0]!]!.ctx.tempPath(`read-together-${++n}`);
      const read = await readTogether(
        members.map((i) => prepared[i]!),
        config,
        dir,
      );
      members.forEach((i, j) => {
        tables[i] = read[j];
      });
      scope.log.info(`${members.length} files read together in one scan`);
    }
    for (const [i, { ctx }] of items.entries()) {
      if (prepared[i]!.hasData && !tables[i]) tables[i] = await csvTable(prepared[i]!, config, files[i]!.origin.uri, (m) => ctx.warn(m));
    }
    for (const [i, { ctx }] of items.entries()) {
      const table = tables[i];
      if (table) await emitTable(files[i]!, prepared[i]!, table, ctx);
      else skipEmpty(files[i]!, ctx);
    }
  },
};
