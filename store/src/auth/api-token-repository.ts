import { and, asc, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { ApiTokenRow } from '../db/api-tokens-table.ts';
import type { Role } from '../db/users-table.ts';
import type { StoreDb } from '../store-db.ts';
import { newSecretToken, newTokenId, tokenHash } from './secret-token.ts';
import { AuthConflictError } from './auth-conflict-error.ts';

/** A token as listed: never the token nor its hash. */
export interface ApiTokenInfo {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export const TOKEN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,63}$/;
export const TOKEN_NAME_RULE = 'must be 1 to 64 letters, digits, "_", ".", ":", "@" or "-", starting with a letter or digit';

/** `lastUsedAt` is written at most this often per token, so that reads do not each cost a write. */
const TOUCH_EVERY_MS = 60_000;

const toInfo = (t: ApiTokenRow): ApiTokenInfo => ({
  id: t.id,
  name: t.name,
  role: t.role,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
});

/** The only writer of `api_tokens`. The token itself exists only in `create`'s answer. */
export class ApiTokenRepository {
  constructor(private readonly c: StoreDb) {}

  /** Makes a token; its clear value is returned here once and stored nowhere. */
  async create(name: string, role: Role, now = new Date()): Promise<{ token: string; info: ApiTokenInfo }> {
    if (!TOKEN_NAME_PATTERN.test(name) || name.startsWith('tok_'))
      throw new RangeError(`token name "${name}": ${TOKEN_NAME_RULE}, and not starting with "tok_"`);
    return this.c.atomic(async () => {
      if (await this.active(name)) throw new AuthConflictError(`a token named "${name}" is in force already: revoke it first or choose another name`);
      const token = newSecretToken();
      const row = { id: newTokenId(), name, role, hash: tokenHash(token), createdAt: now, lastUsedAt: null, revokedAt: null };
      await this.c.db().insert(this.c.t.apiTokens).values(row);
      return { token, info: toInfo(row) };
    });
  }

  /** Every token, in force and revoked, newest first. */
  async list(): Promise<ApiTokenInfo[]> {
    const { apiTokens } = this.c.t;
    return (await this.c.run(() => this.c.db().select().from(apiTokens).orderBy(desc(apiTokens.createdAt), asc(apiTokens.id)))).map(toInfo);
  }

  /** The token in force whose hash this presented token has; records its use (at most once a minute). */
  async authenticate(presented: string, now = new Date()): Promise<ApiTokenInfo | undefined> {
    const { apiTokens } = this.c.t;
    const hash = tokenHash(presented);
    return this.c.run(async () => {
      const [row] = await this.c
        .db()
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.hash, hash), isNull(apiTokens.revokedAt)));
      if (!row) return undefined;
      if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
        const stale = new Date(now.getTime() - TOUCH_EVERY_MS);
        await this.c
          .db()
          .update(apiTokens)
          .set({ lastUsedAt: now })
          .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))));
        row.lastUsedAt = now;
      }
      return toInfo(row);
    });
  }

  /** Revokes the token with this id, or the one in force with this name; undefined when none. */
  async revoke(idOrName: string, now = new Date()): Promise<ApiTokenInfo | undefined> {
    const { apiTokens } = this.c.t;
    return this.c.atomic(async () => {
      const [byId] = await this.c.db().select().from(apiTokens).where(eq(apiTokens.id, idOrName));
      const row = byId ?? (await this.active(idOrName));
      if (!row) return undefined;
      if (!row.revokedAt) await this.c.db().update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, row.id));
      return toInfo({ ...row, revokedAt: row.revokedAt ?? now });
    });
  }

  private async active(name: string): Promise<ApiTokenRow | undefined> {
    const { apiTokens } = this.c.t;
    const [row] = await this.c
      .db()
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.name, name), isNull(apiTokens.revokedAt)));
    return row;
  }
}
