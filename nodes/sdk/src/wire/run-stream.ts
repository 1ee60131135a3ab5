import { z } from 'zod';
import { fileOutcomeSchema, nodeStatsSchema, runIssueSchema, runLogLineSchema, runStatusSchema } from './run-shapes.ts';

/**
 * The data of each Server-Sent Event of `GET /api/runs/{id}/events`, by event name. The stream
 * starts with `status` and `stats` and ends after a final `status`.
 */
export const runStreamSchemas = {
  status: z.object({ status: runStatusSchema, at: z.string() }),
  stats: z.object({ nodes: z.record(z.string(), nodeStatsSchema) }),
  log: runLogLineSchema,
  error: runIssueSchema,
  warning: runIssueSchema,
  file: fileOutcomeSchema,
};
export type RunStreamEventName = keyof typeof runStreamSchemas;
export type RunStreamData = { [K in RunStreamEventName]: z.infer<(typeof runStreamSchemas)[K]> };

/** One event of the stream: its name and its data. */
export type RunStreamMessage = { [K in RunStreamEventName]: { event: K; data: RunStreamData[K] } }[RunStreamEventName];
