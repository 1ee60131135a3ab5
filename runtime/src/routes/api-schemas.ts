import { z } from '@hono/zod-openapi';
import type { GraphProblem } from '@sluice/sdk';
import { type ApiErrorBody, apiErrorSchema } from '@sluice/sdk/wire';

/** Every 4xx and 5xx answer (the wire contract's `apiErrorSchema`). */
export const errorSchema = apiErrorSchema;

export type ErrorBody = ApiErrorBody;

export function errorBody(error: string, problems?: GraphProblem[]): ErrorBody {
  return problems ? { error, problems } : { error };
}

export const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorSchema } } });

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: 'Items per page (1 to 500).' }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: 'Items to skip.' }),
});

export const pageFields = { total: z.number().int(), limit: z.number().int(), offset: z.number().int() };

export const idParam = (name: string) =>
  z.object({
    id: z
      .string()
      .min(1)
      .max(200)
      .openapi({ param: { name: 'id', in: 'path' }, description: `The ${name} id.` }),
  });

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
