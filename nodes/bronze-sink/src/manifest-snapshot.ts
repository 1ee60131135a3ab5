import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BronzePart, type BronzeSchemaVersion, errorMessage, namingNoSpace } from '@sluice/sdk';
import type { PartStorage } from './part-storage.ts';

export const MANIFEST_SNAPSHOT = '_sluice_manifest.json';

/** Enough of the snapshot's head to hold its format, version and digest, which it writes first. */
const HEAD_BYTES = 512;
/**
 * Version 2 lists each part once with its source files (`files`); version 1 had one `source` per
 * part. A version 1 snapshot's digest is not taken, so the next run writes it again as version 2.
 */
const VERSION = 2;
const DIGEST_IN_HEAD = new RegExp(`^\\{\\s*"format": "sluice-bronze-manifest",\\s*"version": ${VERSION},\\s*"digest": "([0-9a-f]{64})"`);

/**
 * A table's committed parts: by path and run (cheap; each path once), and whole when the snapshot
 * must be written (one entry per part and source file, a part of several files listed for each).
 */
export interface TableParts {
  paths: readonly Pick<BronzePart, 'path' | 'runId'>[];
  load(): Promise<BronzePart[]>;
}

/**
 * A human-readable copy of the table's manifest (the store holds the real one): each part once,
 * with the source files whose rows it holds, and the schema versions. Readers that do not query
 * the store can read exactly the committed parts from it.
 *
 * It is written only when what it lists differs from the copy in storage, known by `digest` (see
 * `snapshotDigest`, written near its top): a run that landed nothing leaves it alone,
 * and `writtenAt` tells when the committed state it shows last changed. `onStorage` is the digest
 * of the copy in storage (`readSnapshotDigest`); returns the digest of the copy there now.
 *
 * It is replaced atomically (`writeText`: a temporary file renamed over it, or one S3 PUT), so a
 * failed write never leaves a half-written copy. When the write fails (a full disk), the copy in
 * storage is removed instead of kept: it lists parts that this run's commits replaced (and deleted)
 * and misses those it added, and no snapshot is plainer to a reader than a wrong one (issue 12: a full
 * disk left a snapshot listing 0 parts beside the parts the run had committed). Removing needs no
 * space; the next run writes it again, since storage then holds no digest.
 */
export async function syncManifestSnapshot(
  storage: PartStorage,
  table: TableParts,
  versions: BronzeSchemaVersion[],
  at: Date,
  onStorage: string | undefined,
): Promise<string> {
  const digest = snapshotDigest(storage.tableUri, table.paths, versions);
  if (digest === onStorage) return digest;
  const parts = await table.load();
  const doc = {
    format: 'sluice-bronze-manifest',
    version: VERSION,
    digest,
    table: storage.tableUri,
    writtenAt: at.toISOString(),
    rows: parts.reduce((n, p) => n + p.rows, 0),
    schemaVersions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString(), columns: v.columns })),
    parts: byPart(parts).map((files) => {
      const p = files[0]!;
      return {
        path: p.path,
        rows: files.reduce((n, f) => n + f.rows, 0),
        bytes: p.bytes,
        schemaVersion: p.schemaVersion,
        runId: p.runId,
        createdAt: p.createdAt.toISOString(),
        files: files.map((f) => ({ node: f.sourceNode, key: f.sourceKey, fingerprint: f.fingerprint, rows: f.rows })),
      };
    }),
  };
  try {
    await storage.writeText(MANIFEST_SNAPSHOT, JSON.stringify(doc, null, 2) + '\n');
  } catch (err) {
    const where = storage.tableUri.startsWith('file:') ? join(fileURLToPath(storage.tableUri), MANIFEST_SNAPSHOT) : `${storage.tableUri}/${MANIFEST_SNAPSHOT}`;
    const named = await namingNoSpace(err, where);
    const removed = await storage.delete(MANIFEST_SNAPSHOT).then(
      () => '; the previous snapshot, behind the committed parts now, was removed: the next run writes it',
      (e: unknown) => `; the previous snapshot, behind the committed parts now, could not be removed either: ${errorMessage(e)}`,
    );
    // A named ENOSPC carries the path already.
    const what = named === err ? `the manifest snapshot ${where}` : 'the manifest snapshot';
    throw new Error(`could not write ${what}: ${errorMessage(named)}${removed}`, { cause: named });
  }
  return digest;
}

/** The manifest's entries grouped by part, in the order the parts first appear: a part's figures but the rows are the same on each of its files. */
function byPart(parts: readonly BronzePart[]): BronzePart[][] {
  const groups = new Map<string, BronzePart[]>();
  for (const p of parts) {
    const files = groups.get(p.path);
    if (files) files.push(p);
    else groups.set(p.path, [p]);
  }
  return [...groups.values()];
}

/**
 * sha256 of what the snapshot lists but the time it was written: the table, its schema versions,
 * and each part's path with the run that wrote it, which name the part's figures and files too (a run
 * writes a path once, with every file it holds, and a snapshot is written only before and after runs). Fields are joined by NUL, one
 * line per part, as text: a run that lands nothing computes it twice and writes nothing.
 */
export function snapshotDigest(table: string, parts: readonly Pick<BronzePart, 'path' | 'runId'>[], versions: readonly BronzeSchemaVersion[]): string {
  const hash = createHash('sha256').update(`${table}\n`);
  for (const v of versions) hash.update(`${v.version}\0${v.createdAt.getTime()}\0${JSON.stringify(v.columns)}\n`);
  let text = '';
  for (const p of parts) {
    text += `${p.path}\0${p.runId}\n`;
    if (text.length >= 1 << 16) {
      hash.update(text);
      text = '';
    }
  }
  return hash.update(text).digest('hex');
}

/**
 * The digest of the snapshot in storage, from its first bytes alone; undefined when there is none
 * or it has no digest (written by an older version, or edited by hand), so that it is written again.
 */
export async function readSnapshotDigest(storage: PartStorage): Promise<string | undefined> {
  const head = await storage.readHead(MANIFEST_SNAPSHOT, HEAD_BYTES);
  return head === undefined ? undefined : DIGEST_IN_HEAD.exec(head)?.[1];
}
