import type { BatchFacet, BatchItem } from '@sluice/sdk';
import type { BronzeSinkConfig } from './bronze-sink-config.ts';
import { landPart } from './land-part.ts';
import { partPath } from './part-name.ts';
import { planFile, type PlannedFile } from './plan-file.ts';
import type { SinkState } from './sink-state.ts';

const MIB = 1024 * 1024;

/**
 * bronze-sink's `batches`: small files that arrive together land as one part per batch (one per
 * set of part columns, when files differ), and commit in one savepoint with their checkpoints,
 * instead of a part, a write and a commit each, which is most of the cost of many small files.
 * Each file keeps its own manifest row (its rows in the part, its fingerprint), so it is replaced
 * exactly when it changes. Any failure fails the batch, which the executor splits until the file
 * at fault fails alone.
 */
export const batchLanding: BatchFacet<BronzeSinkConfig, SinkState> = {
  limits: (config) => ({ maxItems: config.batchFiles, maxBytes: config.batchMiB * MIB, lingerMs: config.batchLingerMs }),

  async run(config, items: BatchItem<SinkState>[]) {
    const state = items[0]!.ctx.state;
    const table = state.storage.tableUri;
    const ingestedAt = new Date();
    const uris = new Set<string>();
    const byColumns = new Map<string, { planned: PlannedFile; ctx: BatchItem['ctx'] }[]>();
    const latest = items[0]!.ctx.store.parts.schemaVersions(table).at(-1)?.columns;
    for (const { input, ctx } of items) {
      const item = input.item;
      if (item.kind !== 'table') throw new Error(`bronze-sink takes tables, got a ${item.kind}`);
      // Rows are told apart in a part by `_source_file`: a file twice in a batch (two tables of one
      // file) cannot share it; the batch is split and they land alone.
      if (uris.has(item.origin.uri)) throw new Error(`${item.origin.uri} is twice in one batch`);
      uris.add(item.origin.uri);
      const planned = await planFile(config, item, ctx, table, state.claim, ingestedAt, latest);
      const key = JSON.stringify(Object.entries(planned.partColumns));
      let files = byColumns.get(key);
      if (!files) byColumns.set(key, (files = []));
      files.push({ planned, ctx });
    }
    for (const files of byColumns.values()) {
      const members = files.map((f) => f.planned.origin);
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
          taken,
        });
      await landPart(config, state, files, pathFor, ingestedAt);
    }
  },
};
