import { and, asc, count, eq, isNotNull, ne } from 'drizzle-orm';
import { type Role, type UserRow, users } from '../db/users-table.ts';
import { type DbClient, writeTransaction } from '../db-client.ts';
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
  row(name: string): UserRow | undefined {
    return this.c.db.select().from(users).where(eq(users.name, name)).get();
  }

  get(name: string): UserInfo | undefined {
    const row = this.row(name);
    return row && toInfo(row);
  }

  list(): UserInfo[] {
    return this.c.db.select().from(users).orderBy(asc(users.name)).all().map(toInfo);
  }

  count(): number {
    return this.c.db.select({ n: count() }).from(users).get()?.n ?? 0;
  }

  /** Users who can sign in with a password (none: a start prints a one-time login link). */
  countWithPassword(): number {
    return this.c.db.select({ n: count() }).from(users).where(isNotNull(users.passwordHash)).get()?.n ?? 0;
  }

  /** The first admin by name, whom `sluice login-url` signs in by default. */
  firstAdmin(): UserInfo | undefined {
    const row = this.c.db.select().from(users).where(eq(users.role, 'admin')).orderBy(asc(users.name)).limit(1).get();
    return row && toInfo(row);
  }

  /** Adds a user; `passwordHash` null makes one who signs in only through a one-time link. */
  create(name: string, role: Role, passwordHash: string | null, now = new Date()): UserInfo {
    if (!USER_NAME_PATTERN.test(name)) throw new RangeError(`user name "${name}": ${USER_NAME_RULE}`);
    return writeTransaction(this.c, () => {
      if (this.row(name)) throw new AuthConflictError(`a user "${name}" exists already`);
      this.c.db.insert(users).values({ name, role, passwordHash, createdAt: now, updatedAt: now }).run();
      return this.get(name)!;
    });
  }

  /**
   * Changes a user's role and/or password hash; undefined when there is no such user. Demoting the
   * last admin is refused. The caller ends the user's sessions when the password changes.
   */
  update(name: string, change: { role?: Role; passwordHash?: string | null }, now = new Date()): UserInfo | undefined {
    return writeTransaction(this.c, () => {
      const before = this.row(name);
      if (!before) return undefined;
      if (change.role && change.role !== 'admin' && before.role === 'admin' && this.otherAdmins(name) === 0) {
        throw new AuthConflictError(`"${name}" is the last admin: make another user admin first`);
      }
      const set: Partial<UserRow> = { updatedAt: now };
      if (change.role) set.role = change.role;
      if (change.passwordHash !== undefined) set.passwordHash = change.passwordHash;
      this.c.db.update(users).set(set).where(eq(users.name, name)).run();
      return this.get(name);
    });
  }

  /** Removes a user and, by cascade, their sessions. Removing the last admin is refused. */
  remove(name: string): boolean {
    return writeTransaction(this.c, () => {
      const before = this.row(name);
      if (!before) return false;
      if (before.role === 'admin' && this.otherAdmins(name) === 0) throw new AuthConflictError(`"${name}" is the last admin: make another user admin first`);
      return this.c.db.delete(users).where(eq(users.name, name)).run().changes === 1;
    });
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
