import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Role } from './users-table.ts';

/**
 * Bearer tokens for scripts and automation. Only the SHA-256 of a token is kept: tokens are 32
 * random bytes, so a fast hash is enough (no dictionary to guess from) and lets a request find its
 * row by an index. A revoked token keeps its row (the list shows when it was revoked); the name is
 * unique among tokens still in force, so that `sluice token revoke <name>` means one token.
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    hash: text('hash').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_idx').on(t.hash),
    uniqueIndex('api_tokens_active_name_idx').on(t.name).where(sql`${t.revokedAt} IS NULL`),
    index('api_tokens_name_idx').on(t.name),
  ],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;
