import { formatProblems, zodProblems } from '@sluice/sdk/graph';
import type { z } from 'zod';
import { ApiError } from './api-error.ts';

/**
 * Reads an answer of the runtime with its wire schema (@sluice/sdk/wire): the typed value, or an
 * ApiError naming each field that is not what the editor reads, so that a drifted contract shows
 * where it drifted instead of breaking a screen later.
 */
export function parseAnswer<S extends z.ZodType>(schema: S, body: unknown, what: string, status = 200): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = zodProblems(parsed.error);
  throw new ApiError(`the runtime's answer (${what}) is not what this editor reads: ${formatProblems(problems)}`, status, problems);
}
