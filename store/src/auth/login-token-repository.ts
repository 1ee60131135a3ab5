import { and, eq, gt, isNull, lt, or, isNotNull } from 'drizzle-orm';
import type { StoreDb } from '../store-db.ts';
import { newSecretToken, tokenHash } from './secret-token.ts';

/** A one-time login link is good for 15 minutes. */
export const LOGIN_TOKEN_TTL_MS = 15 * 60 * 1000;

/** The only writer of `login_tokens`. */
export class LoginTokenRepository {
  constructor(private readonly c: StoreDb) {}

  /** A new one-time token that signs in `userName`; returned once, stored hashed. */
  async create(userName: string, now = new Date(), ttlMs = LOGIN_TOKEN_TTL_MS): Promise<{ token: string; expiresAt: Date }> {
    const { loginTokens } = this.c.t;
    const token = newSecretToken();
    const expiresAt = new Date(now.getTime() + ttlMs);
    await this.c.atomic(async () => {
      // Spent and expired links are of no use: they go when a new one is made.
      await this.c
        .db()
        .delete(loginTokens)
        .where(or(lt(loginTokens.expiresAt, now), isNotNull(loginTokens.usedAt)));
      await this.c
        .db()
        .insert(loginTokens)
        .values({ hash: tokenHash(token), userName, createdAt: now, expiresAt });
    });
    return { token, expiresAt };
  }

  /**
   * Spends the token: the user name it signs in, or undefined when it is unknown, expired or used
   * already. One UPDATE both checks and spends it, so two exchanges at once cannot both succeed.
   */
  async consume(token: string, now = new Date()): Promise<string | undefined> {
    const { loginTokens } = this.c.t;
    const hash = tokenHash(token);
    const [spent] = await this.c.run(() =>
      this.c
        .db()
        .update(loginTokens)
        .set({ usedAt: now })
        .where(and(eq(loginTokens.hash, hash), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, now)))
        .returning({ userName: loginTokens.userName }),
    );
    return spent?.userName;
  }
}
