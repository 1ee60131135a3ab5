import { and, asc, count, eq, isNotNull, ne } from 'drizzle-orm';
import { type Role, type UserRow, users } from '../db/users-table.ts';
import type { DbClient } from '../db-client.ts';
import { AuthConflictError } from './auth-conflict-error.ts';

/** A user as shown: never the password hash, only whether one is set. */
export interface UserInfo {
  name: string;
  role: Role;
  hasPassword: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const USER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
export const USER_NAME_RULE = 'must be 1 to 64 letters, digits, "_", ".", "@" or "-", starting with a letter or digit';

const toInfo = (u: UserRow): UserInfo => ({ name: u.name, role: u.role, hasPassword: u.passwordHash !== null, createdAt: u.createdAt, updatedAt: u.updatedAt });

/** The only writer of `users`. Every change that could leave the runtime without an admin is refused. */
export class UserRepository {
  constructor(private readonly c: DbClient) {}

  /** The row with its password hash, for sign-in only. */
  async row(name: string): Promise<UserRow | undefined> {
    return this.c.locked(() => this.rowOf(name));
  }

  async get(name: string): Promise<UserInfo | undefined> {
    return this.c.locked(() => this.infoOf(name));
  }

  async list(): Promise<UserInfo[]> {
    return this.c.locked(() => this.c.db.select().from(users).orderBy(asc(users.name)).all().map(toInfo));
  }

  async count(): Promise<number> {
    return this.c.locked(() => this.c.db.select({ n: count() }).from(users).get()?.n ?? 0);
  }

  /** Users who can sign in with a password (none: a start prints a one-time login link). */
  async countWithPassword(): Promise<number> {
    return this.c.locked(() => this.c.db.select({ n: count() }).from(users).where(isNotNull(users.passwordHash)).get()?.n ?? 0);
  }

  /** The first admin by name, whom `sluice login-url` signs in by default. */
  async firstAdmin(): Promise<UserInfo | undefined> {
    const row = await this.c.locked(() => this.c.db.select().from(users).where(eq(users.role, 'admin')).orderBy(asc(users.name)).limit(1).get());
    return row && toInfo(row);
  }

  /** Adds a user; `passwordHash` null makes one who signs in only through a one-time link. */
  async create(name: string, role: Role, passwordHash: string | null, now = new Date()): Promise<UserInfo> {
    if (!USER_NAME_PATTERN.test(name)) throw new RangeError(`user name "${name}": ${USER_NAME_RULE}`);
    return this.c.atomic(() => {
      if (this.rowOf(name)) throw new AuthConflictError(`a user "${name}" exists already`);
      this.c.db.insert(users).values({ name, role, passwordHash, createdAt: now, updatedAt: now }).run();
      return this.infoOf(name)!;
    });
  }

  /**
   * Changes a user's role and/or password hash; undefined when there is no such user. Demoting the
   * last admin is refused. The caller ends the user's sessions when the password changes.
   */
  async update(name: string, change: { role?: Role; passwordHash?: string | null }, now = new Date()): Promise<UserInfo | undefined> {
    return this.c.atomic(() => {
      const before = this.rowOf(name);
      if (!before) return undefined;
      if (change.role && change.role !== 'admin' && before.role === 'admin' && this.otherAdmins(name) === 0) {
        throw new AuthConflictError(`"${name}" is the last admin: make another user admin first`);
      }
      const set: Partial<UserRow> = { updatedAt: now };
      if (change.role) set.role = change.role;
      if (change.passwordHash !== undefined) set.passwordHash = change.passwordHash;
      this.c.db.update(users).set(set).where(eq(users.name, name)).run();
      return this.infoOf(name);
    });
  }

  /** Removes a user and, by cascade, their sessions. Removing the last admin is refused. */
  async remove(name: string): Promise<boolean> {
    return this.c.atomic(() => {
      const before = this.rowOf(name);
      if (!before) return false;
      if (before.role === 'admin' && this.otherAdmins(name) === 0) throw new AuthConflictError(`"${name}" is the last admin: make another user admin first`);
      return this.c.db.delete(users).where(eq(users.name, name)).run().changes === 1;
    });
  }

  private rowOf(name: string): UserRow | undefined {
    return this.c.db.select().from(users).where(eq(users.name, name)).get();
  }

  private infoOf(name: string): UserInfo | undefined {
    const row = this.rowOf(name);
    return row && toInfo(row);
  }

  private otherAdmins(name: string): number {
    return (
      this.c.db
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, 'admin'), ne(users.name, name)))
        .get()?.n ?? 0
    );
  }
}
