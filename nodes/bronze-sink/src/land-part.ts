import { type BronzePart, errorMessage, FileError, type Landing, type LandingGroup, type NodeContext, type SourceFile, type StoreTx } from '@sluice/sdk';
import pl, { type LazyDataFrame } from 'nodejs-polars';
import type { BronzeSinkConfig } from './bronze-sink-config.ts';
import type { NewTableClaim } from './new-table-claim.ts';
import type { PartStorage } from './part-storage.ts';
import type { Columns } from './frame-columns.ts';
import { dataColumns } from './plan-file.ts';
import type { InFlightRewrites } from './in-flight-rewrites.ts';
import { abortRewrites, commitRewrites, fileId, ownPart, type PartRewrite, publishRewrites, rewriteSharedParts, sharedParts } from './rewrite-shared-parts.ts';
import { planSchema, versionFor } from './schema-plan.ts';
import { pendingPath } from './sink-file-names.ts';
import { writePart } from './write-part.ts';

/** What the sink keeps for a run that landing a part needs. */
export interface LandingState {
  storage: PartStorage;
  claim: NewTableClaim;
  /** Whether a file of this run reached the commit of its part: only then can the manifest have changed. */
  committing: boolean;
  /** Shared parts being written again by landings of this run that have not settled. */
  rewriting: InFlightRewrites;
  /** First in every commit: refuses a commit once this writer's shared hold was lost, a clean-up having found it gone (table-writers.ts). */
  fence?: () => Promise<void>;
  /** This opening's name in the names of the parts it writes (`partPath`): no other writer's name. */
  writer: string;
}

/**
 * Writes one part holding the rows of one file, or of several files with the same part columns (a
 * batch), and lands it: each file's landing, sharing one `LandingGroup` when there are several, so
 * that the part and every file's manifest row and checkpoint commit in one savepoint. Parts of
 * earlier runs holding these files' rows give way at the commit: deleted when they hold nothing else,
 * written again without them (copy-on-write, rewrite-shared-parts.ts) when they also hold other files.
 */
export async function landPart(
  config: BronzeSinkConfig,
  state: LandingState,
  /** The files whose rows the part holds, each with its context. */
  files: { origin: SourceFile; ctx: NodeContext<unknown> }[],
  /** Their rows as planned (planFile, planBatchRows), written one after the other, and the part's columns. */
  frames: LazyDataFrame[],
  partColumns: Columns,
  /** The new part's path, given the paths that hold these files' rows now (a new part never takes one of them). */
  pathFor: (live: ReadonlySet<string>) => string,
  ingestedAt: Date,
): Promise<void> {
  const { storage, claim } = state;
  const table = storage.tableUri;
  const { ctx } = files[0]!;
  const origins = files.map((f) => f.origin);
  const one = files.length === 1;
  const frame = frames.length === 1 ? frames[0]! : pl.concat(frames, { how: 'vertical' });
  const fail = (message: string, cause: unknown) => (one ? new FileError(origins[0]!.uri, message, { cause }) : new Error(message, { cause }));

  // Planned from the manifest once no other landing of this run is writing again a part these
  // files share (in-flight-rewrites.ts), and held from here to the commit or the abort.
  const ours = new Set(origins.map(fileId));
  const own = (p: BronzePart) => ownPart(p, ctx.runId, state.writer);
  let current: BronzePart[][] = [];
  let shared = new Map<string, BronzePart[]>();
  const plan = async () => {
    current = await ctx.store.parts.partsOfFiles(table, origins);
    shared = await sharedParts(ctx.store.parts, table, origins, current, own);
    return shared.keys();
  };
  const { release, gaveUp } = await state.rewriting.hold(plan, ours, ctx.signal);
  if (gaveUp) {
    ctx.log.warn(
      `gave up waiting for another write of this run to settle its copy of a part these files share; they may fail to commit and be read again next run`,
    );
  }
  try {
    await writeAndLand();
  } catch (err) {
    release();
    throw err;
  }

  async function writeAndLand() {
    const path = pathFor(new Set(current.flatMap((now) => now.map((p) => p.path))));
    const rewrites = await rewriteSharedParts(storage, origins, shared, {
      runId: ctx.runId,
      writer: state.writer,
      ingestedAt,
      signal: ctx.signal,
      landing: path,
    }).catch((err: unknown) => {
      throw fail(errorMessage(err), err);
    });
    let written: Awaited<ReturnType<typeof writePart>>;
    try {
      written = await writePart(storage, frame, path, one ? {} : { countBy: '_source_file' });
    } catch (err) {
      await abortRewrites(storage, rewrites);
      throw fail(`could not write Bronze part ${path} of table ${config.table}: ${errorMessage(err)}`, err);
    }
    const rowsOf = (i: number) => (one ? written.rows : (written.counts?.get(origins[i]!.uri) ?? 0));
    const counted = origins.reduce((n, _o, i) => n + rowsOf(i), 0);
    if (counted !== written.rows) {
      await storage.delete(pendingPath(path)).catch(() => {});
      await abortRewrites(storage, rewrites);
      throw new Error(`Bronze part ${path} holds ${written.rows} rows, but its files' rows add up to ${counted}`);
    }
    ctx.metrics({ rowsIn: written.rows });

    let replaced: string[] = [];
    let swapped: { applied: PartRewrite[]; moot: PartRewrite[] } = { applied: [], moot: [] };
    const commit = async (tx: StoreTx) => {
      await state.fence?.();
      // Other writers of the table (other runs) commit before or after this one, not during it.
      await tx.parts.holdTable(table);
      state.committing = true;
      const latest = (await tx.parts.schemaVersions(table)).at(-1);
      // Checked again inside the transaction: in strict and evolve modes another file of this run
      // may have changed the table's schema since this one was planned (recorded a new table's
      // first version, or added a column this file has with another type). Throwing fails the part's
      // files (the part is removed) and they are retried next run against the new schema. Rescue mode
      // does not fail here: every file of a run is planned against the same version (the claim of
      // a new table's first one, NewTableClaim), and rescue parts never add columns to a version.
      const again = planSchema(config.schemaMode, latest && dataColumns(latest.columns), dataColumns(partColumns));
      if (!again.ok || again.rescued.length) {
        // The executor prefixes the file: `<uri>: could not commit: ...`.
        throw new Error(
          `the table's schema changed while the file was written: ${again.ok ? `columns ${again.rescued.join(', ')} no longer fit` : again.reason}`,
        );
      }
      const v = versionFor(latest, claim.versionColumns(latest?.columns, partColumns));
      if (v.columns) await tx.parts.addSchemaVersion({ table, version: v.version, columns: v.columns, createdAt: ingestedAt });
      swapped = await commitRewrites(tx, table, rewrites);
      // The files' parts from earlier landings give way to this one; parts this writer landed in
      // this run (several tables from one file) stay. A part holding other files too was written again above, before the commit.
      const gone = new Set<string>();
      for (const now of await tx.parts.partsOfFiles(table, origins)) {
        for (const p of now) {
          if (own(p) || p.path === path || gone.has(p.path)) continue;
          if ((await tx.parts.filesIn(table, p.path)).some((m) => !ours.has(fileId(m)))) {
            throw new Error(`part ${p.path} came to hold other files' rows too while this one was written; the file is read again next run`);
          }
          gone.add(p.path);
          await tx.parts.remove(table, p.path);
        }
      }
      replaced = [...gone];
      await tx.parts.addMany(
        origins.map(
          (o, i): BronzePart => ({
            table,
            path,
            sourceNode: o.sourceNode,
            sourceKey: o.key,
            fingerprint: o.fingerprint,
            rows: rowsOf(i),
            bytes: written.bytes,
            schemaVersion: v.version,
            runId: ctx.runId,
            graphId: ctx.graphId,
            createdAt: ingestedAt,
          }),
        ),
      );
    };
    // Committed: the part takes its final name (a `*.parquet` glob sees it from now on), then the
    // parts it replaced go. A crash in between leaves it pending: the next start or run publishes it.
    const afterCommit = async () => {
      try {
        await storage.publish(path);
        await publishRewrites(storage, swapped.applied);
        await abortRewrites(storage, swapped.moot);
        for (const p of replaced) await storage.delete(p);
      } finally {
        release();
      }
    };
    const abort = async () => {
      try {
        await storage.delete(pendingPath(path));
        await abortRewrites(storage, rewrites);
      } finally {
        release();
      }
    };
    const landing = { node: ctx.nodeId, table };
    if (one) {
      ctx.land({ ...landing, rows: written.rows, bytes: written.bytes, commit, afterCommit, abort });
      return;
    }
    const group: LandingGroup = { files: files.length, commit, afterCommit, abort };
    files.forEach((f, i) => {
      const share: Landing = { ...landing, rows: rowsOf(i), bytes: i === 0 ? written.bytes : 0, group, commit: async () => {}, abort: async () => {} };
      f.ctx.land(share);
    });
  }
}
