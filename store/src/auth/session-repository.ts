import { and, eq, lt, ne, or, type SQL } from 'drizzle-orm';
import type { UserRow } from '../db/users-table.ts';
import type { StoreDb } from '../store-db.ts';
import { newSecretToken, tokenHash } from './secret-token.ts';

/** How long a session lives: `idleMs` after its last request, and never past `maxMs` after sign-in. */
export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 12 * 60 * 60 * 1000, maxMs: 7 * 24 * 60 * 60 * 1000 };

/** `lastSeenAt` is written at most this often, so that a busy editor does not write on every read. */
const TOUCH_EVERY_MS = 60_000;

export interface NewSession {
  /** The cookie's value: returned once, stored only as its hash. */
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ActiveSession {
  idHash: string;
  csrfToken: string;
  user: Pick<UserRow, 'name' | 'role'>;
  expiresAt: Date;
}

/** The only writer of `sessions`. */
export class SessionRepository {
  constructor(
    private readonly c: StoreDb,
    private readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  ) {}

  /** A fresh session for a signed-in user (a new id on every sign-in: no fixation). */
  async create(userName: string, now = new Date()): Promise<NewSession> {
    const sessionId = newSecretToken();
    const csrfToken = newSecretToken();
    const expiresAt = new Date(now.getTime() + this.policy.maxMs);
    await this.c.run(() =>
      this.c
        .db()
        .insert(this.c.t.sessions)
        .values({ idHash: tokenHash(sessionId), userName, csrfToken, createdAt: now, lastSeenAt: now, expiresAt }),
    );
    return { sessionId, csrfToken, expiresAt };
  }

  /**
   * The session this cookie value opens, with its user's current role; undefined when unknown,
   * idle too long or past its end (such a row is deleted on the spot).
   */
  async resolve(sessionId: string, now = new Date()): Promise<ActiveSession | undefined> {
    const { sessions, users } = this.c.t;
    const idHash = tokenHash(sessionId);
    return this.c.run(async () => {
      const [row] = await this.c
        .db()
        .select({
          idHash: sessions.idHash,
          csrfToken: sessions.csrfToken,
          lastSeenAt: sessions.lastSeenAt,
          expiresAt: sessions.expiresAt,
          name: users.name,
          role: users.role,
        })
        .from(sessions)
        .innerJoin(users, eq(users.name, sessions.userName))
        .where(eq(sessions.idHash, idHash));
      if (!row) return undefined;
      const t = now.getTime();
      if (t >= row.expiresAt.getTime() || t - row.lastSeenAt.getTime() >= this.policy.idleMs) {
        await this.c.db().delete(sessions).where(eq(sessions.idHash, idHash));
        return undefined;
      }
      if (t - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await this.c.db().update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
      return { idHash, csrfToken: row.csrfToken, user: { name: row.name, role: row.role }, expiresAt: row.expiresAt };
    });
  }

  /** Signs out one session (logout). */
  async end(sessionId: string): Promise<boolean> {
    return (await this.deleteWhere(eq(this.c.t.sessions.idHash, tokenHash(sessionId)))) === 1;
  }

  /** Signs a user out everywhere but `keepSessionId` (password changed): returns how many sessions ended. */
  async endAllOf(userName: string, keepSessionId?: string): Promise<number> {
    const { sessions } = this.c.t;
    const keep = keepSessionId === undefined ? undefined : ne(sessions.idHash, tokenHash(keepSessionId));
    return this.deleteWhere(and(eq(sessions.userName, userName), keep));
  }

  /** Deletes sessions that can no longer be used. */
  async prune(now = new Date()): Promise<number> {
    const { sessions } = this.c.t;
    return this.deleteWhere(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - this.policy.idleMs))));
  }

  /** Deletes the sessions `where` selects; how many. */
  private async deleteWhere(where: SQL | undefined): Promise<number> {
    const { sessions } = this.c.t;
    const gone = await this.c.run(() => this.c.db().delete(sessions).where(where).returning({ idHash: sessions.idHash }));
    return gone.length;
  }
}
