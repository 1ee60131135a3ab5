import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectStore, LeaseLostError, type Store } from '@sluice/store';
import { createTestPgDatabase, type TestPgDatabase } from '@sluice/store/testing/postgres';
import { leaseHolds } from './lease-holds.ts';

// Holds on a PostgreSQL store's leases, as two processes (two stores on one database) take them.

let db: TestPgDatabase;
let stores: Store[];
let dirs: string[];
beforeEach(async () => {
  db = await createTestPgDatabase();
  stores = [];
  dirs = [];
});
afterEach(async () => {
  for (const s of stores) await s.close();
  await db.drop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function member(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-holds-'));
  dirs.push(dir);
  const store = await connectStore({ dataDir: dir, databaseUrl: db.url, maxConnections: 3 });
  stores.push(store);
  return store;
}

describe('leaseHolds', () => {
  it('lets one taker at a time hold a name, across processes and within one; a waiting taker gets it once released, or is refused naming the holder', async () => {
    const [a, b] = [await member(), await member()];
    const holdsA = leaseHolds(a.leases!, { retryMs: 20 });
    const holdsB = leaseHolds(b.leases!, { retryMs: 20 });
    const first = await holdsA.take('bronze-table file:///t', { waitMs: 0 });
    await expect(holdsB.take('bronze-table file:///t', { waitMs: 200 })).rejects.toThrow(
      /^bronze-table file:\/\/\/t is held by .+:\d+:[0-9a-f]{8} \(its hold lasts until .+\); waited 0 s$/,
    );
    // Two runs of one process exclude each other too.
    await expect(holdsA.take('bronze-table file:///t', { waitMs: 0 })).rejects.toThrow(/is held by/);
    // Another name is free.
    await (await holdsB.take('bronze-table file:///other', { waitMs: 0 })).release();
    const waiting = holdsB.take('bronze-table file:///t', { waitMs: 10_000 });
    await new Promise((r) => setTimeout(r, 100));
    await first.release();
    const second = await waiting;
    await b.transaction(() => second.fence());
    await second.release();
  });

  it('keeps a hold renewed past its ttl, and refuses the commit of a holder that lost it (paused past its ttl, taken by another)', async () => {
    const [a, b] = [await member(), await member()];
    const renewed = await leaseHolds(a.leases!, { ttlMs: 300, renewMs: 50 }).take('kept', { waitMs: 0 });
    await new Promise((r) => setTimeout(r, 800));
    await expect(leaseHolds(b.leases!).take('kept', { waitMs: 0 })).rejects.toThrow(/is held by/);
    await a.transaction(() => renewed.fence());
    await renewed.release();

    // Renewals that never come (the process is paused): the hold expires and another takes it.
    const paused = await leaseHolds(a.leases!, { ttlMs: 300, renewMs: 60_000 }).take('lost', { waitMs: 0 });
    await new Promise((r) => setTimeout(r, 400));
    const taken = await leaseHolds(b.leases!).take('lost', { waitMs: 0 });
    const late = a.transaction(() => paused.fence());
    await expect(late).rejects.toBeInstanceOf(LeaseLostError);
    await expect(late).rejects.toThrow('lease lost to another holder: lost');
    await b.transaction(() => taken.fence());
    await Promise.all([paused.release(), taken.release()]);
  });

  it('stops waiting when the signal aborts', async () => {
    const [a, b] = [await member(), await member()];
    const held = await leaseHolds(a.leases!).take('t', { waitMs: 0 });
    const stop = new AbortController();
    const waiting = leaseHolds(b.leases!, { retryMs: 20 }).take('t', { waitMs: 60_000, signal: stop.signal });
    stop.abort(new Error('the run was cancelled'));
    await expect(waiting).rejects.toThrow('the run was cancelled');
    await held.release();
  });

  it('tries a name without waiting: taken when free or its holder went quiet (fenced out from then on), refused while held; a name taken once is forgotten at its release', async () => {
    const [a, b] = [await member(), await member()];
    const rows = async () => (await db.rows<{ n: string }>(`select count(*) as n from leases where name like 'bronze-writer %'`))[0]!.n;
    const writer = await leaseHolds(a.leases!).take('bronze-writer t w1', { waitMs: 0, once: true });
    await (await leaseHolds(a.leases!).take('bronze-writer t2 w9', { waitMs: 0 })).release();
    expect(await leaseHolds(b.leases!).tryTake('bronze-writer t w1', { once: true })).toBeUndefined();
    // What a clean-up of table t asks about: its writers' names only.
    expect(await leaseHolds(b.leases!).names('bronze-writer t ')).toEqual(['bronze-writer t w1']);
    await writer.release();
    expect(await leaseHolds(b.leases!).names('bronze-writer t ')).toEqual([]);
    // Forgotten, not kept expired: writers' names do not pile up in the table (t2's was taken without `once`).
    expect(await rows()).toBe('1');
    const after = await leaseHolds(b.leases!).tryTake('bronze-writer t w1', { once: true });
    expect(after).toBeDefined();
    await after!.release();

    // A writer paused past its ttl: a clean-up takes its name, and the writer can commit nothing
    // more, neither while the clean-up holds it nor once it let the name go.
    const paused = await leaseHolds(a.leases!, { ttlMs: 300, renewMs: 60_000 }).take('bronze-writer t w2', { waitMs: 0, once: true });
    expect(await leaseHolds(b.leases!).tryTake('bronze-writer t w2', { once: true })).toBeUndefined();
    await new Promise((r) => setTimeout(r, 400));
    const cleanUp = await leaseHolds(b.leases!).tryTake('bronze-writer t w2', { once: true });
    expect(cleanUp).toBeDefined();
    await expect(a.transaction(() => paused.fence())).rejects.toBeInstanceOf(LeaseLostError);
    await cleanUp!.release();
    await expect(a.transaction(() => paused.fence())).rejects.toThrow('lease lost to another holder: bronze-writer t w2');
    await paused.release();
    expect(await rows()).toBe('1');
  });
});
