import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users-table.ts';

/**
 * Editor sign-ins. The cookie carries the session id; only its SHA-256 is stored, so a copy of the
 * database opens no session. `csrfToken` is handed to the editor (it is no use without the cookie)
 * and must come back in `X-Sluice-CSRF` on every state-changing request. A session ends when idle
 * too long (`lastSeenAt`) or at `expiresAt`, whichever comes first, and with its user.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userName: text('user_name')
      .notNull()
      .references(() => users.name, { onDelete: 'cascade', onUpdate: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userName), index('sessions_expires_idx').on(t.expiresAt)],
);

export type SessionRow = typeof sessions.$inferSelect;

/**
 * One-time login links (`/#/login?token=...`, printed by `sluice serve` and `sluice login-url`):
 * hashed, short-lived, and spent by the first exchange. `userName` is who the link signs in; that
 * user may not exist yet (the first admin is made by the first exchange), hence no foreign key.
 */
export const loginTokens = sqliteTable(
  'login_tokens',
  {
    hash: text('hash').primaryKey(),
    userName: text('user_name').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('login_tokens_expires_idx').on(t.expiresAt)],
);

export type LoginTokenRow = typeof loginTokens.$inferSelect;
