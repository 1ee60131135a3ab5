import { type BatchFacet, type BatchItem, batchLimitsOf, type TableItem } from '@sluice/sdk';
import type { LazyDataFrame } from 'nodejs-polars';
import type { BronzeSinkConfig } from './bronze-sink-config.ts';
import { landPart } from './land-part.ts';
import { partPath } from './part-name.ts';
import { type BatchedTableItem, planBatchRows } from './plan-batch-rows.ts';
import { type PlannedRows, planFile } from './plan-file.ts';
import type { SinkState } from './sink-state.ts';

/**
 * bronze-sink's `batches`: small files that arrive together land as one part per batch (one per
 * set of part columns, when files differ), and commit in one savepoint with their checkpoints,
 * instead of a part, a write and a commit each, which is most of the cost of many small files.
 * Each file keeps its own manifest row (its rows in the part, its fingerprint), so it is replaced
 * exactly when it changes. Files a parse node read together (`TableItem.batch`) are planned and
 * written as the one frame they arrive in, not a frame each. Any failure fails the batch, which the executor splits until the file
 * at fault fails alone.
 */
export const batchLanding: BatchFacet<BronzeSinkConfig, SinkState> = {
  limits: batchLimitsOf,

  async run(config, items: BatchItem<SinkState>[]) {
    const state = items[0]!.ctx.state;
    const table = state.storage.tableUri;
    const ingestedAt = new Date();
    const uris = new Set<string>();
    // Files read together (one frame for the lot, TableItem.batch) are planned together; others alone.
    const readTogether = new Map<LazyDataFrame, { item: BatchedTableItem; ctx: BatchItem['ctx'] }[]>();
    const alone: { item: TableItem; ctx: BatchItem['ctx'] }[] = [];
    for (const { input, ctx } of items) {
      const item = input.item;
      if (item.kind !== 'table') throw new Error(`bronze-sink takes tables, got a ${item.kind}`);
      // Rows are told apart in a part by `_source_file`: a file twice in a batch (two tables of one
      // file) cannot share it; the batch is split and they land alone.
      if (uris.has(item.origin.uri)) throw new Error(`${item.origin.uri} is twice in one batch`);
      uris.add(item.origin.uri);
      if (!item.batch) {
        alone.push({ item, ctx });
        continue;
      }
      const members = readTogether.get(item.batch.rows);
      if (members) members.push({ item: item as BatchedTableItem, ctx });
      else readTogether.set(item.batch.rows, [{ item: item as BatchedTableItem, ctx }]);
    }
    const latest = (await items[0]!.ctx.store.parts.schemaVersions(table)).at(-1)?.columns;
    const planned: { rows: PlannedRows; ctxs: BatchItem['ctx'][] }[] = [];
    for (const members of readTogether.values()) {
      if (members.length === 1) alone.push(members[0]!);
      else {
        const rows = await planBatchRows(
          config,
          members.map((m) => m.item),
          members[0]!.ctx,
          state.claim,
          ingestedAt,
          latest,
        );
        planned.push({ rows, ctxs: members.map((m) => m.ctx) });
      }
    }
    for (const { item, ctx } of alone) planned.push({ rows: await planFile(config, item, ctx, table, state.claim, ingestedAt, latest), ctxs: [ctx] });

    const byColumns = new Map<string, typeof planned>();
    for (const p of planned) {
      const key = JSON.stringify(Object.entries(p.rows.partColumns));
      const same = byColumns.get(key);
      if (same) same.push(p);
      else byColumns.set(key, [p]);
    }
    for (const group of byColumns.values()) {
      const files = group.flatMap((p) => p.rows.origins.map((origin, i) => ({ origin, ctx: p.ctxs[i]! })));
      const members = files.map((f) => f.origin);
      // Numbered: the same files' other tables may be batched alike and written at the same time.
      const index = ++state.batchParts;
      const pathFor = (taken: ReadonlySet<string>) =>
        partPath({
          sourceNode: 'batch',
          key: members.map((o) => `${o.sourceNode}\0${o.key}`).join('\n'),
          fingerprint: members.map((o) => o.fingerprint).join('\n'),
          ingestedAt,
          index,
          runId: files[0]!.ctx.runId,
          writer: state.writer,
          taken,
        });
      await landPart(
        config,
        state,
        files,
        group.map((p) => p.rows.frame),
        group[0]!.rows.partColumns,
        pathFor,
        ingestedAt,
      );
    }
  },
};
