import { z } from 'zod';

/** One Sluice process that executes runs, as the job queue last heard from it. */
export const workerProcessSchema = z
  .object({
    /** `serve` or `worker`. */
    role: z.string(),
    host: z.string(),
    pid: z.number().int(),
    /** Not stopped, and heard from within three of its heartbeats. */
    live: z.boolean(),
    startedAt: z.string(),
    lastSeenAt: z.string(),
    /** Runs it executes at once at most (0: it only queues runs, `serve --workers 0`). */
    concurrency: z.number().int(),
    /** Runs in hand at its last heartbeat. */
    running: z.number().int(),
    /** Resident memory in bytes at its last heartbeat, when known. */
    rss: z.number().nullable(),
  })
  .meta({ id: 'WorkerProcess' });
export type WorkerProcess = z.infer<typeof workerProcessSchema>;

/** `GET /api/workers`: the processes sharing this store that execute runs, live ones first. */
export const workerListSchema = z.object({ items: z.array(workerProcessSchema) }).meta({ id: 'WorkerList' });
export type WorkerList = z.infer<typeof workerListSchema>;
