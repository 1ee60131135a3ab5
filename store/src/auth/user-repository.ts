import { and, asc, count, eq, isNotNull, ne, type SQL } from 'drizzle-orm';
import type { Role, UserRow } from '../db/users-table.ts';
import type { StoreDb } from '../store-db.ts';
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
  constructor(private readonly c: StoreDb) {}

  /** The row with its password hash, for sign-in only. */
  async row(name: string): Promise<UserRow | undefined> {
    return this.c.run(() => this.rowOf(name));
  }

  async get(name: string): Promise<UserInfo | undefined> {
    return this.c.run(() => this.infoOf(name));
  }

  async list(): Promise<UserInfo[]> {
    const { users } = this.c.t;
    return (await this.c.run(() => this.c.db().select().from(users).orderBy(asc(users.name)))).map(toInfo);
  }

  async count(): Promise<number> {
    return this.c.run(() => this.countWhere());
  }

  /** Users who can sign in with a password (none: a start prints a one-time login link). */
  async countWithPassword(): Promise<number> {
    return this.c.run(() => this.countWhere(isNotNull(this.c.t.users.passwordHash)));
  }

  /** The first admin by name, whom `sluice login-url` signs in by default. */
  async firstAdmin(): Promise<UserInfo | undefined> {
    const { users } = this.c.t;
    const [row] = await this.c.run(() => this.c.db().select().from(users).where(eq(users.role, 'admin')).orderBy(asc(users.name)).limit(1));
    return row && toInfo(row);
  }

  /** Adds a user; `passwordHash` null makes one who signs in only through a one-time link. */
  async create(name: string, role: Role, passwordHash: string | null, now = new Date()): Promise<UserInfo> {
    if (!USER_NAME_PATTERN.test(name)) throw new RangeError(`user name "${name}": ${USER_NAME_RULE}`);
    const { users } = this.c.t;
    // One statement both checks and adds: two creating the same name at once cannot both succeed.
    const [added] = await this.c.run(() =>
      this.c.db().insert(users).values({ name, role, passwordHash, createdAt: now, updatedAt: now }).onConflictDoNothing().returning(),
    );
    if (!added) throw new AuthConflictError(`a user "${name}" exists already`);
    return toInfo(added);
  }

  /**
   * Changes a user's role and/or password hash; undefined when there is no such user. Demoting the
   * last admin is refused. The caller ends the user's sessions when the password changes.
   */
  async update(name: string, change: { role?: Role; passwordHash?: string | null }, now = new Date()): Promise<UserInfo | undefined> {
    const { users } = this.c.t;
    return this.c.atomic(async () => {
      const before = await this.rowOf(name);
      if (!before) return undefined;
      if (change.role && change.role !== 'admin' && before.role === 'admin' && (await this.otherAdmins(name)) === 0) {
        throw new AuthConflictError(`"${name}" is the last admin: make another user admin first`);
      }
      const set: Partial<UserRow> = { updatedAt: now };
      if (change.role) set.role = change.role;
      if (change.passwordHash !== undefined) set.passwordHash = change.passwordHash;
      const [after] = await this.c.db().update(users).set(set).where(eq(users.name, name)).returning();
      return after && toInfo(after);
    });
  }

  /** Removes a user and, by cascade, their sessions. Removing the last admin is refused. */
  async remove(name: string): Promise<boolean> {
    const { users } = this.c.t;
    return this.c.atomic(async () => {
      const before = await this.rowOf(name);
      if (!before) return false;
      if (before.role === 'admin' && (await this.otherAdmins(name)) === 0)
        throw new AuthConflictError(`"${name}" is the last admin: make another user admin first`);
      const gone = await this.c.db().delete(users).where(eq(users.name, name)).returning({ name: users.name });
      return gone.length === 1;
    });
  }

  private async rowOf(name: string): Promise<UserRow | undefined> {
    const { users } = this.c.t;
    const [row] = await this.c.db().select().from(users).where(eq(users.name, name));
    return row;
  }

  private async infoOf(name: string): Promise<UserInfo | undefined> {
    const row = await this.rowOf(name);
    return row && toInfo(row);
  }

  private async otherAdmins(name: string): Promise<number> {
    const { users } = this.c.t;
    return this.countWhere(and(eq(users.role, 'admin'), ne(users.name, name)));
  }

  private async countWhere(where?: SQL): Promise<number> {
    const [row] = await this.c.db().select({ n: count() }).from(this.c.t.users).where(where);
    return row?.n ?? 0;
  }
}
