import { z } from 'zod';
import { pluginProblemSchema } from './node-type-api.ts';

/** `GET /api/health`: without credentials only `status`; signed in, the version, plugins and runs too. */
export const healthSchema = z
  .object({
    status: z.literal('ok'),
    version: z.string().optional(),
    nodeTypes: z.number().int().optional(),
    pluginProblems: z.array(pluginProblemSchema).optional(),
    /** Runs by status. */
    runs: z.record(z.string(), z.number().int()).optional(),
  })
  .meta({ id: 'Health', description: 'Without credentials only `status`; signed in, the version, plugins and runs too' });
export type Health = z.infer<typeof healthSchema>;
