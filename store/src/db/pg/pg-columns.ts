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

/**
 * `text` (byte order, as above) for what others said and Sluice only records: a log line, a reason,
 * a request's path, the fields of a bucket event. SQLite's text holds U+0000, PostgreSQL's cannot
 * (the insert would fail, and with it the request or the run's log): each U+0000 is stored as
 * U+FFFD, the replacement character, on PostgreSQL only. A value compared with such a column is
 * replaced alike, so an event's key still finds its row.
 */
export const said = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
  toDriver: (value) => (value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value),
});
