import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPgDatabase, type TestPgDatabase } from '../../testing/test-postgres.ts';
import { LeaseLostError, PgLeaseRepository } from './lease-repository.ts';
import { openPgClient, type PgClient } from './pg-client.ts';

let database: TestPgDatabase;
let client: PgClient;
let leases: PgLeaseRepository;

beforeAll(async () => {
  database = await createTestPgDatabase();
  client = await openPgClient({ url: database.url, maxConnections: 6 });
  leases = new PgLeaseRepository(client);
});

afterAll(async () => {
  await client?.close();
  await database?.drop();
});

const HOUR = 3_600_000;

describe('PgLeaseRepository (real server)', () => {
  it('gives a lease to one holder at a time, and the next epoch to whoever takes it after it expires', async () => {
    expect(await leases.acquire(['a1', 'a2'], 'w1', 150)).toEqual([
      { name: 'a1', epoch: 1 },
      { name: 'a2', epoch: 1 },
    ]);
    expect(await leases.acquire(['a1', 'a2', 'a3'], 'w2', HOUR)).toEqual([{ name: 'a3', epoch: 1 }]);
    expect(await leases.acquire(['a1'], 'w1', 150)).toEqual([{ name: 'a1', epoch: 1 }]);
    await sleep(250);
    expect(await leases.acquire(['a1', 'a2'], 'w2', HOUR)).toEqual([
      { name: 'a1', epoch: 2 },
      { name: 'a2', epoch: 2 },
    ]);
  });

  it('renews what the holder still has and names what it lost', async () => {
    const [b1, b2] = await leases.acquire(['b1', 'b2'], 'w1', 100);
    await sleep(200);
    // b1 expired but nobody took it: still w1's at its epoch. b2 was taken over.
    await leases.acquire(['b2'], 'w2', HOUR);
    expect(await leases.renew([b1!, b2!], 'w1', HOUR)).toEqual(['b2']);
    expect(await leases.acquire(['b1'], 'w2', HOUR)).toEqual([]);
  });

  it('lets a commit through only while its leases are still the holder’s at their epochs', async () => {
    const held = await leases.acquire(['c1', 'c2'], 'w1', 100);
    await client.transaction(() => leases.fence(held, 'w1'));
    await sleep(200);
    await leases.acquire(['c2'], 'w2', HOUR);
    const err = await client.transaction(() => leases.fence(held, 'w1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LeaseLostError);
    expect((err as LeaseLostError).lost).toEqual(['c2']);
    await expect(leases.fence(held, 'w1')).rejects.toThrow('must run inside the transaction');
  });

  it('makes a takeover wait for a commit that holds the lease, then take the next epoch', async () => {
    const held = await leases.acquire(['d1'], 'w1', 100);
    await sleep(200);
    const order: string[] = [];
    let fenced!: () => void;
    const fencedOnce = new Promise<void>((r) => {
      fenced = r;
    });
    const commit = client.transaction(async () => {
      await leases.fence(held, 'w1');
      fenced();
      await sleep(300);
      order.push('w1 committed');
    });
    await fencedOnce;
    const takeover = leases.acquire(['d1'], 'w2', HOUR).then((got) => {
      order.push('w2 took it');
      return got;
    });
    await commit;
    expect(await takeover).toEqual([{ name: 'd1', epoch: 2 }]);
    expect(order).toEqual(['w1 committed', 'w2 took it']);
  });

  it('keeps the epoch when a lease is released, so the next holder’s is higher', async () => {
    const held = await leases.acquire(['e1'], 'w1', HOUR);
    await leases.release(held, 'w1');
    expect(await leases.acquire(['e1'], 'w2', HOUR)).toEqual([{ name: 'e1', epoch: 2 }]);
    const err = await client.transaction(() => leases.fence(held, 'w1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LeaseLostError);
  });

  it('says who holds a lease until when, and nobody once it expired or was released', async () => {
    const [held] = await leases.acquire(['h1'], 'w1', HOUR);
    expect(await leases.holderOf('h1')).toMatchObject({ holder: 'w1', expiresAt: expect.any(Date) });
    await leases.release([held!], 'w1');
    expect(await leases.holderOf('h1')).toBeUndefined();
    await leases.acquire(['h2'], 'w1', 50);
    await sleep(120);
    expect(await leases.holderOf('h2')).toBeUndefined();
    expect(await leases.holderOf('never')).toBeUndefined();
  });
});
