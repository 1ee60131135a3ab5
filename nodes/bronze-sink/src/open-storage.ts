import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { RunScope } from '@sluice/sdk';
import type { BronzeSinkConfig } from './bronze-sink-config.ts';
import { localPartStorage } from './local-part-storage.ts';
import type { PartStorage } from './part-storage.ts';
import { parseS3Root } from './s3-location.ts';

const LOCK_FILE = '_sluice_writer.lock';

/**
 * The table's storage and its writer lock. A local table keeps the lock in its folder (seen by every
 * runtime that writes there); an S3 table keeps it in the runtime's data folder, since S3 has no
 * exclusive create that every S3-compatible store supports.
 */
export async function openStorage(config: BronzeSinkConfig, scope: RunScope<undefined>): Promise<{ storage: PartStorage; lockPath: string }> {
  const dataDir = scope.dirs?.data ?? process.cwd();
  const s3 = parseS3Root(config.root);
  if (s3) {
    // Imported here: the AWS SDK costs ~35 ms of every start, and a local table never needs it.
    const [{ s3PartStorage }, { sinkS3Client }] = await Promise.all([import('./s3-part-storage.ts'), import('./sink-s3-client.ts')]);
    const prefix = s3.prefix ? `${s3.prefix}/${config.table}` : config.table;
    const storage = await s3PartStorage(await sinkS3Client(config, scope.secrets), { bucket: s3.bucket, prefix });
    const id = createHash('sha256').update(storage.tableUri).digest('hex').slice(0, 16);
    return { storage, lockPath: join(dataDir, 'locks', `bronze-${id}.lock`) };
  }
  const tableDir = join(resolve(dataDir, config.root), config.table);
  return { storage: localPartStorage(tableDir), lockPath: join(tableDir, LOCK_FILE) };
}
