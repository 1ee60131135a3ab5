import { sql } from 'drizzle-orm';
import type { PgClient } from './pg-client.ts';

/** A lease as its holder keeps it: the name and the epoch it was given. */
export interface Lease {
  name: string;
  epoch: number;
}

/** A commit made for leases that another holder has taken since (or that were never held). */
export class LeaseLostError extends Error {
  constructor(readonly lost: string[]) {
    super(`lease${lost.length > 1 ? 's' : ''} lost to another holder: ${lost.slice(0, 5).join(', ')}${lost.length > 5 ? ` and ${lost.length - 5} more` : ''}`);
    this.name = 'LeaseLostError';
  }
}

/**
 * The `leases` table (PostgreSQL only, see db/pg/leases-table.ts). Every time is the server's
 * (`clock_timestamp()`), so that machines whose clocks differ agree on who holds what. Each call
 * takes many names at once: one statement for a batch of file versions, not one per file.
 */
export class PgLeaseRepository {
  constructor(private readonly c: PgClient) {}

  /**
   * Takes each named lease that is free, expired or already `holder`'s, until `ttlMs` from now.
   * Returns the ones taken with their epochs: a lease `holder` still held keeps its epoch, one taken
   * over (or taken again after it expired) gets the next. Names another holder has are left out.
   */
  async acquire(names: string[], holder: string, ttlMs: number): Promise<Lease[]> {
    if (!names.length) return [];
    const rows = await this.c.db().execute<{ name: string; epoch: string }>(sql`
      insert into leases (name, holder, epoch, expires_at)
      select n, ${holder}, 1, clock_timestamp() + ${ttlMs} * interval '1 millisecond'
      from unnest(${sql.param(names)}::text[]) as n
      on conflict (name) do update set
        holder = excluded.holder,
        epoch = case when leases.holder = excluded.holder and leases.expires_at > clock_timestamp() then leases.epoch else leases.epoch + 1 end,
        expires_at = excluded.expires_at
      where leases.expires_at <= clock_timestamp() or leases.holder = excluded.holder
      returning name, epoch`);
    return rows.rows.map((r) => ({ name: r.name, epoch: Number(r.epoch) }));
  }

  /**
   * Extends the leases `holder` still has at their epochs (also an expired one nobody took since).
   * Returns the names it no longer has: their work must stop, and cannot commit.
   */
  async renew(leases: Lease[], holder: string, ttlMs: number): Promise<string[]> {
    if (!leases.length) return [];
    const rows = await this.c.db().execute<{ name: string }>(sql`
      update leases set expires_at = clock_timestamp() + ${ttlMs} * interval '1 millisecond'
      from unnest(${sql.param(leases.map((l) => l.name))}::text[], ${sql.param(leases.map((l) => l.epoch))}::bigint[]) as l(name, epoch)
      where leases.name = l.name and leases.epoch = l.epoch and leases.holder = ${holder}
      returning leases.name`);
    const kept = new Set(rows.rows.map((r) => r.name));
    return leases.filter((l) => !kept.has(l.name)).map((l) => l.name);
  }

  /**
   * Inside the transaction that commits work done under `leases`: locks their rows until the commit
   * and throws LeaseLostError unless every one is still `holder`'s at its epoch. A takeover waits for
   * that lock, so it comes wholly before such a commit (which then fails) or wholly after it (and
   * finds the work committed).
   */
  async fence(leases: Lease[], holder: string): Promise<void> {
    if (!this.c.inTransaction()) throw new Error('fence() must run inside the transaction that commits the leased work');
    if (!leases.length) return;
    const rows = await this.c.db().execute<{ name: string }>(sql`
      select leases.name from leases
      join unnest(${sql.param(leases.map((l) => l.name))}::text[], ${sql.param(leases.map((l) => l.epoch))}::bigint[]) as l(name, epoch)
        on leases.name = l.name and leases.epoch = l.epoch and leases.holder = ${holder}
      for update of leases`);
    if (rows.rows.length === leases.length) return;
    const held = new Set(rows.rows.map((r) => r.name));
    throw new LeaseLostError(leases.filter((l) => !held.has(l.name)).map((l) => l.name));
  }

  /** The names of the leases that begin with `prefix` (held, expired or given up, not forgotten), in order. */
  async names(prefix: string): Promise<string[]> {
    const rows = await this.c.db().execute<{ name: string }>(sql`select name from leases where starts_with(name, ${prefix}) order by name`);
    return rows.rows.map((r) => r.name);
  }

  /** Who holds the lease now, and until when (the server's clock): undefined when nobody does. */
  async holderOf(name: string): Promise<{ holder: string; expiresAt: Date } | undefined> {
    const rows = await this.c
      .db()
      .execute<{ holder: string; expires_at: Date }>(sql`select holder, expires_at from leases where name = ${name} and expires_at > clock_timestamp()`);
    const row = rows.rows[0];
    return row ? { holder: row.holder, expiresAt: new Date(row.expires_at) } : undefined;
  }

  /**
   * Gives the leases up: they expire now, keeping their epochs, so that the next holder's epoch is
   * still higher than any this holder was given.
   */
  async release(leases: Lease[], holder: string): Promise<void> {
    if (!leases.length) return;
    await this.c.db().execute(sql`
      update leases set expires_at = clock_timestamp()
      from unnest(${sql.param(leases.map((l) => l.name))}::text[], ${sql.param(leases.map((l) => l.epoch))}::bigint[]) as l(name, epoch)
      where leases.name = l.name and leases.epoch = l.epoch and leases.holder = ${holder}`);
  }

  /**
   * Gives the leases up for good: their rows go. Only for names never taken again but to find their
   * holder gone (`acquire` then starts a fresh row at epoch 1, and the holder's `renew` and `fence`
   * find no row of theirs, so it stays fenced out).
   */
  async forget(leases: Lease[], holder: string): Promise<void> {
    if (!leases.length) return;
    await this.c.db().execute(sql`
      delete from leases
      using unnest(${sql.param(leases.map((l) => l.name))}::text[], ${sql.param(leases.map((l) => l.epoch))}::bigint[]) as l(name, epoch)
      where leases.name = l.name and leases.epoch = l.epoch and leases.holder = ${holder}`);
  }
}
