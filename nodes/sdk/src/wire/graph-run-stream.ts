import { z } from 'zod';
import { runStatusSchema } from './run-shapes.ts';

/**
 * The data of each Server-Sent Event of `GET /api/graphs/{id}/runs/live`, by event name: `run`
 * when a run of the graph starts executing, whatever started it (the editor, a webhook, a schedule,
 * a bucket event, `sluice run`), and on connecting when one is running already. Its live figures
 * are then on `GET /api/runs/{id}/events`.
 */
export const graphRunStreamSchemas = {
  run: z.object({ id: z.string(), status: runStatusSchema, trigger: z.string(), at: z.string() }),
};
export type GraphRunStarted = z.infer<typeof graphRunStreamSchemas.run>;
