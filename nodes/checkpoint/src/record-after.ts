import type { CheckpointRecord, FileOutcome, SourceFile } from '@sluice/sdk';

export interface RecordContext {
  graphId: string;
  runId: string;
  maxAttempts: number;
  now: Date;
}

/**
 * The record a file gets when it settles, given the record it had. A cancelled run records nothing:
 * the file was not judged. Nor does a file still `unconfirmed` (a bucket event's version that no
 * read proved: gone, or failing before the store answered): a record under an event's word could
 * pass a version never landed for one that was (a forged ETag), or quarantine one never tried. A
 * file skipped downstream on purpose counts as processed (0 rows). Failed attempts count only for
 * the same version: a changed file starts again from zero.
 */
export function recordAfter(outcome: FileOutcome, file: SourceFile, previous: CheckpointRecord | undefined, c: RecordContext): CheckpointRecord | undefined {
  if (outcome.status === 'cancelled' || file.unconfirmed) return undefined;
  const base = {
    graphId: c.graphId,
    sourceNode: file.sourceNode,
    key: file.key,
    size: file.size,
    modifiedAt: file.modifiedAt,
    etag: file.etag ?? null,
    versionId: file.versionId ?? null,
    fingerprint: file.fingerprint,
    contentHash: null,
    runId: c.runId,
    firstSeenAt: previous?.firstSeenAt ?? c.now,
    updatedAt: c.now,
  };
  if (outcome.status === 'failed') {
    const before = previous && previous.fingerprint === file.fingerprint && previous.status !== 'processed' ? previous.attempts : 0;
    const attempts = before + 1;
    return { ...base, rows: null, status: attempts >= c.maxAttempts ? 'quarantined' : 'failed', error: outcome.error ?? 'failed', attempts };
  }
  return { ...base, rows: outcome.rows, status: 'processed', error: null, attempts: 0 };
}
