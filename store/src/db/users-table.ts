import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** What a signed-in user or a token may do (storage format: add, never rename). */
export const ROLES = ['admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * People who sign in to the editor. `passwordHash` holds the KDF, its parameters, the per-user salt
 * and the hash in one string (`scrypt$N$r$p$salt$hash`), so that parameters can grow without a
 * migration; null for a user made by a one-time login link, who cannot sign in with a password.
 */
export const users = sqliteTable('users', {
  name: text('name').primaryKey(),
  role: text('role').$type<Role>().notNull(),
  passwordHash: text('password_hash'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

export type UserRow = typeof users.$inferSelect;
