import type { BucketEventLog } from './bucket-event-log.ts';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Closes `received` events whose runs have all ended: `processed` when each run succeeded or
 * failed only on other files of its batch, `failed` with the error otherwise (the error about this
 * object when the run names one). Runs are looked up in the store, so events queued before a crash
 * are closed after it too. Returns how many were closed.
 */
export async function closeFinishedEvents(log: BucketEventLog, now = new Date()): Promise<number> {
  let closed = 0;
  for (const e of await log.openEvents()) {
    if (e.runs.some((r) => r.status !== null && !FINISHED.has(r.status))) continue;
    const uri = `s3://${e.bucket}/${e.key}`;
    const problems: string[] = [];
    for (const r of e.runs) {
      if (r.status === null) problems.push(`run ${r.runId} no longer exists (its graph was deleted?)`);
      else if (r.status === 'cancelled') problems.push(`run ${r.runId} was cancelled`);
      else if (r.status === 'failed') {
        const errors = r.errors ?? [];
        const mine = errors.find((x) => x.file === uri);
        // A batch run fails when any of its files fails; errors all about other files leave this one landed.
        const aboutOthers = errors.length > 0 && errors.every((x) => x.file && x.file !== uri);
        if (mine) problems.push(`run ${r.runId}: ${mine.message}`);
        // An error naming no file (a stop, a node that could not start) is the one that concerns this object.
        else if (!aboutOthers) problems.push(`run ${r.runId} failed: ${(errors.find((x) => !x.file) ?? errors[0])?.message ?? 'no error recorded'}`);
      }
    }
    await log.close(
      e.id,
      problems.length ? 'failed' : 'processed',
      problems.length ? problems.join('; ') : `${e.runs.map((r) => r.runId).join(', ')} succeeded`,
      now,
    );
    closed++;
  }
  return closed;
}
