import { pgTable } from 'drizzle-orm/pg-core';
import type { Role } from '../users-table.ts';
import { moment, text } from './pg-columns.ts';

/** People who sign in to the editor (see ../users-table.ts). */
export const users = pgTable('users', {
  name: text('name').primaryKey(),
  role: text('role').$type<Role>().notNull(),
  passwordHash: text('password_hash'),
  createdAt: moment('created_at').notNull(),
  updatedAt: moment('updated_at').notNull(),
});
