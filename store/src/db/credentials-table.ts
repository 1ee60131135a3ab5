import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Named secrets referenced from graphs by name (credentialRef); values are never sent back by the API. */
export const credentials = sqliteTable('credentials', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});
