import { pgTable } from 'drizzle-orm/pg-core';
import { moment, text } from './pg-columns.ts';

/** Named secrets, sealed (see ../credentials-table.ts). */
export const credentials = pgTable('credentials', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: moment('created_at').notNull(),
  updatedAt: moment('updated_at').notNull(),
});
