import { createHash, randomBytes } from 'node:crypto';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** `YYYY-MM-DD` in UTC: the partition a part lands in. */
export function ingestDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * The part's path under the table root: the source file and its version, then the writer. The
 * manifest (which records which parts hold which file) lets a new version replace the old rows.
 * `index` tells apart several tables from one file in one run. `writer` (`LandingState.writer`,
 * random per opening of the table) keeps two writers from ever sharing a name: a worker paused past
 * its hold and then resumed goes on writing, and removing what it wrote, for a moment before its
 * commit is refused, while the worker that took its run over writes the same files; with one name
 * its write or clean-up could replace or remove the other's part before that one's commit. `taken`
 * (paths live in the manifest) keeps a part from ever overwriting a committed one.
 */
export function partPath(o: {
  sourceNode: string;
  key: string;
  fingerprint: string;
  ingestedAt: Date;
  index: number;
  runId: string;
  writer: string;
  taken: ReadonlySet<string>;
}): string {
  const base = `ingest_date=${ingestDate(o.ingestedAt)}/part-${sha(`${o.sourceNode}\0${o.key}`).slice(0, 16)}-${sha(o.fingerprint).slice(0, 8)}${o.index ? `-${o.index}` : ''}-${o.writer}`;
  const path = `${base}.parquet`;
  return o.taken.has(path) ? `${base}-${sha(o.runId).slice(0, 6)}.parquet` : path;
}

/** Whether `s` is a writer's name as `newWriterName` makes them. */
export const isWriterName = (s: string) => /^[0-9a-f]{8}$/.test(s);

/** A new writer's name in its part names (`partPath`): 8 hex characters, random. */
export function newWriterName(): string {
  return randomBytes(4).toString('hex');
}

/** `partPath`'s name, final or pending (`.part-….parquet.pending`), with the writer in its place. */
const WRITER_IN_NAME = /(?:^|\/)\.?part-[0-9a-f]{16}-[0-9a-f]{8}(?:-\d+)?-([0-9a-f]{8})(?:-[0-9a-f]{6})?\.parquet(?:\.pending)?$/;

/** The writer that wrote a part (`partPath`), from its path; undefined for a name of a sink that did not name its writers yet. */
export function writerOf(path: string): string | undefined {
  return WRITER_IN_NAME.exec(path)?.[1];
}
