import { index, pgTable } from 'drizzle-orm/pg-core';
import { moment, text } from './pg-columns.ts';
import { users } from './users-table.ts';

/** Editor sign-ins, kept as the SHA-256 of the session id (see ../session-tables.ts). */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userName: text('user_name')
      .notNull()
      .references(() => users.name, { onDelete: 'cascade', onUpdate: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: moment('created_at').notNull(),
    lastSeenAt: moment('last_seen_at').notNull(),
    expiresAt: moment('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userName), index('sessions_expires_idx').on(t.expiresAt)],
);

/** One-time login links (see ../session-tables.ts). */
export const loginTokens = pgTable(
  'login_tokens',
  {
    hash: text('hash').primaryKey(),
    userName: text('user_name').notNull(),
    createdAt: moment('created_at').notNull(),
    expiresAt: moment('expires_at').notNull(),
    usedAt: moment('used_at'),
  },
  (t) => [index('login_tokens_expires_idx').on(t.expiresAt)],
);
