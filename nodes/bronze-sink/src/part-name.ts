import { createHash } from 'node:crypto';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** `YYYY-MM-DD` in UTC: the partition a part lands in. */
export function ingestDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * The part's path under the table root, derived from the source file, not from the run: the same
 * file version always gets the same name, and the manifest (which records which parts hold which
 * file) lets a new version replace the old rows. `index` tells apart several tables from one file in
 * one run; `taken` (paths live in the manifest) keeps a re-run of the same version on the same day
 * from overwriting the committed part it is meant to replace.
 */
export function partPath(o: {
  sourceNode: string;
  key: string;
  fingerprint: string;
  ingestedAt: Date;
  index: number;
  runId: string;
  taken: ReadonlySet<string>;
}): string {
  const base = `ingest_date=${ingestDate(o.ingestedAt)}/part-${sha(`${o.sourceNode}\0${o.key}`).slice(0, 16)}-${sha(o.fingerprint).slice(0, 8)}${o.index ? `-${o.index}` : ''}`;
  const path = `${base}.parquet`;
  return o.taken.has(path) ? `${base}-${sha(o.runId).slice(0, 6)}.parquet` : path;
}
