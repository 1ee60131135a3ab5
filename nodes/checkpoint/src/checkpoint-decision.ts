import type { CheckpointRecord, SourceFile } from '@sluice/sdk';

export type CheckpointDecision = { process: true; why: 'new' | 'changed' | 'retry' } | { process: false; reason: string; warn?: boolean };

export interface DecisionOptions {
  reprocessChanged: boolean;
  /** Files modified before this may have had their records pruned by retention. */
  horizon?: Date;
}

/**
 * Whether a listed file goes on, from its record alone: nothing is downloaded to decide. The
 * fingerprint (size plus ETag, or modification time) tells versions apart.
 */
export function decide(record: CheckpointRecord | undefined, file: SourceFile, o: DecisionOptions): CheckpointDecision {
  if (!record) {
    // An unconfirmed file's time is not known (the epoch): it is not judged by it.
    if (o.horizon && !file.unconfirmed && file.modifiedAt < o.horizon) {
      return {
        process: false,
        warn: true,
        reason: `modified ${file.modifiedAt.toISOString()}, before the retention horizon ${o.horizon.toISOString()}: its record may have been pruned, so it is not taken as new (reset the checkpoints to load it)`,
      };
    }
    return { process: true, why: 'new' };
  }
  const same = record.fingerprint === file.fingerprint;
  switch (record.status) {
    case 'failed':
      return { process: true, why: same ? 'retry' : 'changed' };
    case 'quarantined':
      if (same)
        return {
          process: false,
          reason: `quarantined after ${record.attempts} failed attempts (last: ${record.error ?? 'no message'}); reset its checkpoint or change the file to retry`,
        };
      return o.reprocessChanged
        ? { process: true, why: 'changed' }
        : { process: false, reason: `quarantined, and changed since (${record.fingerprint} -> ${file.fingerprint}) but reprocessChanged is off` };
    case 'processed':
      if (same) return { process: false, reason: `unchanged since run ${record.runId} (${record.rows ?? 0} rows)` };
      return o.reprocessChanged
        ? { process: true, why: 'changed' }
        : { process: false, reason: `changed (${record.fingerprint} -> ${file.fingerprint}) but reprocessChanged is off` };
  }
}
