import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { OUTPUT_ROOTS_ENV, type RunAccess, realPathOf, realRoots, rootHolding, type RunScope, type SecretResolver } from '@sluice/sdk';
import type { BronzeSinkConfig } from './bronze-sink-config.ts';
import { localPartStorage } from './local-part-storage.ts';
import type { PartStorage } from './part-storage.ts';
import { parseS3Root, type S3Location } from './s3-location.ts';
import { LOCK_FILE } from './sink-file-names.ts';
import { assertSluiceTable } from './sluice-table-check.ts';

/**
 * The table's storage and its writer lock. A local table keeps the lock in its folder (seen by every
 * runtime that writes there); an S3 table keeps it in the runtime's data folder, since S3 has no
 * exclusive create that every S3-compatible store supports. Either way the table must be empty or a
 * Sluice table (`assertSluiceTable`), and a local one must lie inside an output root.
 */
export async function openStorage(config: BronzeSinkConfig, scope: RunScope<undefined>): Promise<{ storage: PartStorage; lockPath: string }> {
  const dataDir = scope.dirs?.data ?? process.cwd();
  const s3 = parseS3Root(config.root);
  let opened: { storage: PartStorage; lockPath: string; localDir?: string };
  if (s3) {
    opened = await openS3Table(config, s3, { secrets: scope.secrets, access: scope.access, dataDir });
  } else {
    const tableDir = join(resolve(dataDir, config.root), config.table);
    await assertInsideOutputRoots(config.root, tableDir, scope.access);
    opened = { storage: localPartStorage(tableDir), lockPath: join(tableDir, LOCK_FILE), localDir: tableDir };
  }
  const { storage } = opened;
  try {
    // Schema versions first: a table with parts has one (its first commit records it), and there are
    // a few of them where there may be a path per landed file.
    const knownToStore = (await scope.store.parts.schemaVersions(storage.tableUri)).length > 0 || (await scope.store.parts.paths(storage.tableUri)).length > 0;
    await assertSluiceTable(storage, {
      knownToStore,
      where: `table folder ${opened.localDir ?? storage.tableUri}`,
      ...(opened.localDir ? { localDir: opened.localDir } : {}),
    });
  } catch (err) {
    await storage.close();
    throw err;
  }
  return { storage, lockPath: opened.lockPath };
}

/** The S3 table of a sink's config, and its writer lock in the runtime's data folder (`locks/`). */
export async function openS3Table(
  config: BronzeSinkConfig,
  s3: S3Location,
  ctx: { secrets: SecretResolver; access?: RunAccess; dataDir: string },
): Promise<{ storage: PartStorage; lockPath: string }> {
  // Imported here: the AWS SDK costs ~35 ms of every start, and a local table never needs it.
  const [{ s3PartStorage }, { sinkS3Client }] = await Promise.all([import('./s3-part-storage.ts'), import('./sink-s3-client.ts')]);
  const prefix = s3.prefix ? `${s3.prefix}/${config.table}` : config.table;
  const storage = await s3PartStorage(await sinkS3Client(config, { secrets: ctx.secrets, access: ctx.access }), { bucket: s3.bucket, prefix });
  const id = createHash('sha256').update(storage.tableUri).digest('hex').slice(0, 16);
  return { storage, lockPath: join(ctx.dataDir, 'locks', `bronze-${id}.lock`) };
}

/**
 * A local table folder must resolve, on real paths (`..` and symbolic links followed, the missing
 * rest of a new table appended), inside one of the run's output roots: the runtime's setting, never
 * the graph's. The folder keeps its written path as the table's identity (`tableUri`), so that tables
 * of existing stores keep their manifest; only the check is made on the real path.
 */
export async function assertInsideOutputRoots(root: string, tableDir: string, access: RunAccess | undefined): Promise<void> {
  const outputs = access?.outputRoots;
  if (!outputs) {
    throw new Error(
      `Bronze root "${root}": this run was given no access settings (RunAccess), so it may write no local folder; the runtime sets its output roots from ${OUTPUT_ROOTS_ENV}`,
    );
  }
  const real = await realPathOf(tableDir);
  if (!rootHolding(real, await realRoots(outputs))) {
    throw new Error(
      `Bronze root "${root}": the table folder ${tableDir} resolves to ${real}, which is outside the output roots (${outputs.join(', ') || 'none'}); only the runtime's ${OUTPUT_ROOTS_ENV} setting can allow it`,
    );
  }
}
