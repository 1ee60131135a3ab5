import { z } from 'zod';

/** A page of a list: the items, how many there are in all, and the window asked for. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}
