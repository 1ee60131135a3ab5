import { writeFile } from 'node:fs/promises';
import type { BronzePart, PartReader, PartWriter, SourceFile } from '@sluice/sdk';
import pl from 'nodejs-polars';
import { partPath, writerOf } from './part-name.ts';
import type { PartStorage } from './part-storage.ts';
import { pendingPath } from './sink-file-names.ts';
import { writePart } from './write-part.ts';

/** A committed part that holds rows of files being replaced and of files that are not: written again without the former. */
export interface PartRewrite {
  /** The part as committed now. */
  from: string;
  /** Its copy without the replaced files' rows, held under its pending name until the commit. */
  to: string;
  bytes: number;
  /** The manifest rows of the files that stay, as they were (their rows are unchanged). */
  keep: BronzePart[];
}

/**
 * Whether a part holding a file's rows is one this opening of the table landed in this run (another
 * table of the same file: kept beside the one being landed), not an earlier landing of the file to
 * replace. Both the run and the writer: several writers of one run (its batches on several
 * workers) are told apart by the writer in each part's name.
 */
export const ownPart = (p: Pick<BronzePart, 'runId' | 'path'>, runId: string, writer: string) => p.runId === runId && writerOf(p.path) === writer;

/** A source file's identity in the manifest, from a SourceFile (`key`) or a manifest row (`sourceKey`). */
export const fileId = (f: { sourceNode: string; key?: string; sourceKey?: string }) => `${f.sourceNode}\0${f.key ?? f.sourceKey}`;

/**
 * The committed parts of earlier runs that hold rows of `files` and of other files too (a batch
 * landed as one part), each with the files it holds: replacing `files` writes them again.
 */
export async function sharedParts(
  parts: PartReader,
  table: string,
  files: SourceFile[],
  current: BronzePart[][],
  /** Whether a part is this writer's own (`ownPart`): kept, not replaced. */
  own: (p: BronzePart) => boolean,
): Promise<Map<string, BronzePart[]>> {
  const replaced = new Set(files.map(fileId));
  const shared = new Map<string, BronzePart[]>();
  for (const now of current) {
    for (const p of now) {
      if (own(p) || shared.has(p.path)) continue;
      const members = await parts.filesIn(table, p.path);
      if (members.some((m) => !replaced.has(fileId(m)))) shared.set(p.path, members);
    }
  }
  return shared;
}

/**
 * Copy-on-write replacement: files whose earlier rows share a part with other files (a batch landed
 * as one part) cannot have that part deleted. Each such part (`sharedParts`) is read and written
 * again without the replaced files' rows (told apart by `_source_file`, unique within a part),
 * before the commit; the commit then swaps the manifest rows (`commitRewrites`), and the old part
 * goes after it.
 */
export async function rewriteSharedParts(
  storage: PartStorage,
  files: SourceFile[],
  shared: ReadonlyMap<string, BronzePart[]>,
  o: {
    runId: string;
    ingestedAt: Date;
    signal?: AbortSignal;
    /** The part being landed: it names the rewrites, so that two writes never share a name. */
    landing: string;
    /** The writer's name in part names (`LandingState.writer`). */
    writer: string;
  },
): Promise<PartRewrite[]> {
  const replaced = new Map(files.map((f) => [fileId(f), f]));
  const out: PartRewrite[] = [];
  try {
    for (const [from, members] of shared) {
      o.signal?.throwIfAborted();
      const keep = members.filter((m) => !replaced.has(fileId(m)));
      const drop = members.filter((m) => replaced.has(fileId(m))).map((m) => replaced.get(fileId(m))!.uri);
      const to = partPath({
        sourceNode: 'rewrite',
        key: `${from}\n${o.landing}`,
        fingerprint: o.runId,
        ingestedAt: o.ingestedAt,
        index: 0,
        runId: o.runId,
        writer: o.writer,
        taken: new Set([from]),
      });
      const copy = await localCopy(
        storage,
        from,
        partPath({
          sourceNode: 'copy',
          key: `${from}\n${o.landing}`,
          fingerprint: `${o.runId}:${Date.now()}`,
          ingestedAt: o.ingestedAt,
          index: 0,
          runId: o.runId,
          writer: o.writer,
          taken: new Set(),
        }),
      );
      try {
        const frame = pl.scanParquet(copy.path).filter(pl.col('_source_file').isIn(drop).not());
        const written = await writePart(storage, frame, to);
        const expected = keep.reduce((n, m) => n + m.rows, 0);
        if (written.rows !== expected) {
          await storage.delete(pendingPath(to)).catch(() => {});
          throw new Error(`part ${from} holds ${written.rows} rows of the files that stay, where the manifest says ${expected}`);
        }
        out.push({ from, to, bytes: written.bytes, keep });
      } finally {
        await copy.done();
      }
    }
  } catch (err) {
    await abortRewrites(storage, out);
    throw new Error(`could not write again a part it shares with other files: ${(err as Error).message}`, { cause: err });
  }
  return out;
}

/** Brings a committed part to a local file polars can read (a local part is copied too: simple, and parts of small files are small). */
async function localCopy(storage: PartStorage, path: string, scratch: string): Promise<{ path: string; done(): Promise<void> }> {
  // A part committed by another write of this run may not be published yet: its bytes are under
  // its pending name until then (tried between two tries of the final name, which a publish may take meanwhile).
  const reader = (await storage.openRanges(path)) ?? (await storage.openRanges(pendingPath(path))) ?? (await storage.openRanges(path));
  if (!reader) throw new Error(`part ${path} is listed in the manifest but missing from the table's storage`);
  try {
    // Staged under a part's pending name: should the process die here, recovery removes it as any uncommitted part.
    const local = await storage.stage(scratch);
    await writeFile(local, Buffer.from(await reader.read(0, reader.size)));
    return { path: local, done: () => storage.discard(local) };
  } finally {
    await reader.close();
  }
}

/**
 * In the commit's transaction: each rewritten part replaces its original, which must not have
 * changed since it was read. A part gone meanwhile was replaced by another landing of this run
 * holding the same file (another of its tables), which took all of the file's earlier rows out:
 * the rewrite is moot, returned to be discarded (the commit's check of the file's earlier parts
 * still refuses to land it should its rows be left anywhere).
 */
export async function commitRewrites(
  tx: { parts: Pick<PartWriter, 'filesIn' | 'remove' | 'add'> },
  table: string,
  rewrites: PartRewrite[],
): Promise<{ applied: PartRewrite[]; moot: PartRewrite[] }> {
  const applied: PartRewrite[] = [];
  const moot: PartRewrite[] = [];
  for (const r of rewrites) {
    const now = await tx.parts.filesIn(table, r.from);
    if (!now.length) {
      moot.push(r);
      continue;
    }
    const same = r.keep.every((k) => now.some((m) => fileId(m) === fileId(k) && m.fingerprint === k.fingerprint));
    if (!same) throw new Error(`part ${r.from}, which it shares with other files, changed while it was written again; the file is read again next run`);
    await tx.parts.remove(table, r.from);
    // The rows stay those of the run that wrote them (as their `_run_id` says): a rewrite is no landing
    // of this run, and must not pass for one (the parts a run landed itself are kept as its own).
    for (const k of r.keep) await tx.parts.add({ ...k, path: r.to, bytes: r.bytes });
    applied.push(r);
  }
  return { applied, moot };
}

export const publishRewrites = async (storage: PartStorage, rewrites: PartRewrite[]) => {
  for (const r of rewrites) {
    await storage.publish(r.to);
    await storage.delete(r.from);
  }
};

export const abortRewrites = async (storage: PartStorage, rewrites: PartRewrite[]) => {
  for (const r of rewrites) await storage.delete(pendingPath(r.to)).catch(() => {});
};
