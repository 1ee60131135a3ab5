import type { WorkerProcess } from '@sluice/sdk/wire';

/**
 * The job queue behind the runs of a PostgreSQL store with several workers (pg-boss-run-jobs.ts).
 * The store's `runs` table keeps each run's status and history; the queue delivers "run this run"
 * to one worker at a time, retries a job whose worker stopped sending heartbeats, and gives up on
 * a job after its retries (the dead letter handler records the run failed).
 */
export interface RunJobs {
  /** Sends the job of a run just queued, in the calling context's store transaction (none if it rolls back). */
  send(run: { id: string; graphId: string }): Promise<void>;
  /**
   * Starts taking jobs, up to `concurrency` at once in this process and about `perGraph` of one
   * graph across all processes (the claim holds it exactly): `run` executes the run a job
   * names (`signal`: aborted when the queue finds this worker lost the job); its promise settling
   * ends the job (a rejection hands the job back for another attempt). `'later'` (the graph is at
   * its limit) puts the job back to be taken again in `laterMs`, and frees its place in the graph's
   * share meanwhile: held, it could keep out the job of the very run it waits for (that run's
   * worker stopped and its job is waiting for its retry).
   * `givenUp` is called for a run whose job ran out of attempts.
   */
  work(o: {
    concurrency: number;
    perGraph: number;
    laterMs: number;
    run: (runId: string, signal: AbortSignal) => Promise<'done' | 'later'>;
    givenUp: (runId: string, attempts: number) => Promise<void>;
  }): Promise<void>;
  /** The processes of the store that take jobs (or only send them), as the queue last heard from each, live ones first. */
  processes(): Promise<WorkerProcess[]>;
  /** Stops taking new jobs; jobs in hand go on. */
  stopTaking(): Promise<void>;
  /** Waits (up to `timeoutMs`) for the jobs in hand, then closes the queue's connections. */
  stop(timeoutMs: number): Promise<void>;
}
