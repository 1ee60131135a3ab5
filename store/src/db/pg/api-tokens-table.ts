import { sql } from 'drizzle-orm';
import { index, pgTable, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Role } from '../users-table.ts';
import { moment, text } from './pg-columns.ts';

/** Bearer tokens, kept as their SHA-256 (see ../api-tokens-table.ts). */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    hash: text('hash').notNull(),
    createdAt: moment('created_at').notNull(),
    lastUsedAt: moment('last_used_at'),
    revokedAt: moment('revoked_at'),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_idx').on(t.hash),
    uniqueIndex('api_tokens_active_name_idx').on(t.name).where(sql`${t.revokedAt} IS NULL`),
    index('api_tokens_name_idx').on(t.name),
  ],
);
