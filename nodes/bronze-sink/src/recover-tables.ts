import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage, realPathOf, realRoots, rootHolding, type StorageRecoveryContext, type StorageRecoveryFacet } from '@sluice/sdk';
import { type BronzeSinkConfig, bronzeSinkConfig } from './bronze-sink-config.ts';
import { localPartStorage } from './local-part-storage.ts';
import { openS3Table } from './open-storage.ts';
import type { PartStorage } from './part-storage.ts';
import { reconcileTable } from './reconcile-table.ts';
import { parseS3Root } from './s3-location.ts';
import { LOCK_FILE } from './sink-file-names.ts';
import { underTableHold } from './under-table-hold.ts';

/** The holder of a table's lock while the start-up recovers it (shown to a run that finds it held). */
const RECOVERY_RUN = 'start-up recovery';
/** At start an S3 table gets one try per request, and seconds to connect: a store that is down must not hold the start. */
const S3_AT_START = { maxAttempts: 1, connectTimeoutSeconds: 5, requestTimeoutSeconds: 30 };

/**
 * The runtime's start-up recovery of every Bronze table the store knows (`recoversStorage`): under
 * each table's writer lock, the committed parts a crash left pending are published, the parts of
 * runs that crashed before their commit removed and the snapshot brought in line (`reconcileTable`),
 * so that readers of the folder see only committed parts without waiting for the table's next run.
 * A local table is found by its URI and touched only inside the output roots; an S3 table needs
 * its endpoint and credential names, taken from a stored graph's sink that writes it. A table that
 * cannot be reached (S3 down, its lock held by a live writer, no stored graph naming it) is a named
 * warning and left to its next run; the start goes on.
 */
export const recoverTables: StorageRecoveryFacet = {
  async recover(ctx) {
    const startedAt = new Date();
    const s3Configs = ctx.configs.flatMap((c) => {
      const parsed = bronzeSinkConfig.safeParse(c);
      return parsed.success && parseS3Root(parsed.data.root) ? [parsed.data] : [];
    });
    // Resolved once per recovery, and only when a local table asks.
    let roots: Promise<string[]> | undefined;
    const outputRoots = () => (roots ??= realRoots(ctx.access.outputRoots));
    for (const table of await ctx.store.tables()) {
      if (ctx.signal?.aborted) return;
      try {
        const opened = table.startsWith('file:') ? await localTable(table, ctx, outputRoots) : await s3Table(table, s3Configs, ctx);
        if (!opened) continue;
        try {
          const place = { tableUri: table, lockPath: opened.lockPath };
          const who = { runId: RECOVERY_RUN, holds: ctx.holds, signal: ctx.signal, waitMs: 0 };
          await underTableHold(place, who, () => reconcileTable(opened.storage, ctx.store.parts, startedAt, { ...who, place }, tableLog(ctx, table)));
        } finally {
          await opened.storage.close();
        }
      } catch (err) {
        ctx.log.warn(`Bronze table ${table} was not recovered at start (its next run cleans it up): ${errorMessage(err)}`);
      }
    }
  },
};

/** Log lines that name the table: the start recovers many. */
const tableLog = (ctx: StorageRecoveryContext, table: string) => ({
  ...ctx.log,
  info: (m: string, fields?: Record<string, unknown>) => ctx.log.info(`Bronze table ${table}: ${m}`, fields),
});

/** A local table, unless its folder is gone (nothing to recover, and not to be made again) or outside the output roots (`outputRoots`: their real paths). */
async function localTable(
  table: string,
  ctx: StorageRecoveryContext,
  outputRoots: () => Promise<string[]>,
): Promise<{ storage: PartStorage; lockPath: string } | undefined> {
  const dir = fileURLToPath(table);
  if (!(await stat(dir).catch(() => undefined))) return undefined;
  const real = await realPathOf(dir);
  if (!rootHolding(real, await outputRoots())) {
    throw new Error(`its folder ${dir} resolves to ${real}, outside the output roots (${ctx.access.outputRoots.join(', ') || 'none'}); left alone`);
  }
  return { storage: localPartStorage(dir), lockPath: join(dir, LOCK_FILE) };
}

/** An S3 table, through the connection of a stored sink that writes it (tried with few retries). */
async function s3Table(table: string, configs: BronzeSinkConfig[], ctx: StorageRecoveryContext) {
  const config = configs.find((c) => s3TableUri(c) === table);
  if (!config) throw new Error('no stored graph has a sink that writes it, so its endpoint and credentials are unknown here');
  return openS3Table({ ...config, ...S3_AT_START }, parseS3Root(config.root)!, { secrets: ctx.secrets, access: ctx.access, dataDir: ctx.dirs.data });
}

/** The table URI an S3 sink config writes (`s3PartStorage`'s `tableUri`). */
function s3TableUri(config: BronzeSinkConfig): string {
  const s3 = parseS3Root(config.root)!;
  return `s3://${s3.bucket}/${s3.prefix ? `${s3.prefix}/${config.table}` : config.table}`;
}
