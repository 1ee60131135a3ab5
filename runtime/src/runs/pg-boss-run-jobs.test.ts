import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectStore, type Store } from '@sluice/store';
import { createTestPgDatabase, type TestPgDatabase } from '@sluice/store/testing/postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { pgBossRunJobs, RUN_QUEUE } from './pg-boss-run-jobs.ts';
import type { RunJobs } from './run-jobs.ts';

// The job queue on its own (real pg-boss on the machine's PostgreSQL): what becomes of a job its
// worker puts back because the run's graph was at its limit (RunService's side is in
// run-service-jobs.test.ts).

const open: { jobs?: RunJobs; store?: Store; db?: TestPgDatabase; dir?: string } = {};
afterEach(async () => {
  await open.jobs?.stop(5_000);
  await open.store?.close();
  await open.db?.drop();
  if (open.dir) rmSync(open.dir, { recursive: true, force: true });
  Object.assign(open, { jobs: undefined, store: undefined, db: undefined, dir: undefined });
});

interface JobRow {
  id: string;
  state: string;
  group_id: string | null;
  start_after: Date;
}

/** A queue on a new database whose one job `run` answers once; the rows of the queue's jobs a second after. */
async function putBackOnce(run: (db: TestPgDatabase, runId: string) => Promise<'done' | 'later'>): Promise<{ rows: JobRow[]; sentAt: number }> {
  const db = (open.db = await createTestPgDatabase());
  open.dir = mkdtempSync(join(tmpdir(), 'sluice-jobs-'));
  const store = (open.store = await connectStore({ dataDir: open.dir, databaseUrl: db.url, maxConnections: 2 }));
  const jobs = (open.jobs = await pgBossRunJobs({ url: db.url, store, pollSeconds: 0.5, monitorSeconds: 1 }));
  const sentAt = Date.now();
  await jobs.send({ id: 'run-1', graphId: 'graph-1' });
  let answered: () => void = () => {};
  const handled = new Promise<void>((resolve) => (answered = resolve));
  let calls = 0;
  await jobs.work({
    concurrency: 1,
    perGraph: 1,
    laterMs: 60_000,
    run: async (runId) => {
      calls++;
      try {
        return await run(db, runId);
      } finally {
        // The put-back happens once the answer is in: wait for the job's row to settle.
        setTimeout(answered, 1_000);
      }
    },
    givenUp: async () => {},
  });
  await handled;
  expect(calls).toBe(1);
  const rows = await db.rows<JobRow>(`select id, state, group_id, start_after from pgboss.job where name = $1 order by created_on`, [RUN_QUEUE]);
  return { rows, sentAt };
}

describe('pgBossRunJobs: a job put back while its graph is at its limit', () => {
  it('is completed, and one job of the same run and graph is sent, offered `laterMs` from then', async () => {
    const { rows, sentAt } = await putBackOnce(async () => 'later');
    expect(rows.map((r) => [r.state, r.group_id])).toEqual([
      ['completed', 'graph-1'],
      ['created', 'graph-1'],
    ]);
    expect(new Date(rows[1]!.start_after).getTime()).toBeGreaterThanOrEqual(sentAt + 59_000);
  });

  it('sends nothing when the attempt is no longer this worker’s (the queue retried it meanwhile): a run never has two jobs', async () => {
    const { rows } = await putBackOnce(async (db) => {
      // As the queue does when it finds a worker's heartbeat stopped: the attempt this worker holds
      // lapses, and the job waits for its retry (an hour here: no worker takes it again meanwhile).
      await db.rows(`update pgboss.job set state = 'retry', retry_count = retry_count + 1, start_after = now() + interval '1 hour' where name = $1`, [
        RUN_QUEUE,
      ]);
      return 'later';
    });
    expect(rows.map((r) => r.state)).toEqual(['retry']);
  });
});
