import { z } from 'zod';

/** One problem of a request: a JSON path to the field and what is wrong with it. */
export const problemSchema = z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }).meta({ id: 'Problem' });

/** Every 4xx and 5xx answer: a message naming the field and the cause, and the problems one by one. */
export const apiErrorSchema = z.object({ error: z.string(), problems: z.array(problemSchema).optional() }).meta({ id: 'Error' });
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
