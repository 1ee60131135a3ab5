import { customType, timestamp } from 'drizzle-orm/pg-core';

/**
 * A moment as the SQLite tables keep it (`integer` milliseconds, read as a `Date`): a timestamp with
 * time zone to the millisecond, read as a `Date`, so that both dialects hand callers the same rows.
 */
export const moment = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

/**
 * Text compared and sorted byte by byte (`COLLATE "C"`), as SQLite does: keys, paths and names come
 * back in the same order from either dialect, whatever the database's own collation, and a range
 * over keys means the same thing in both.
 */
export const text = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
});
