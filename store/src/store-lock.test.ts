import { describe, expect, it } from 'vitest';
import { testGate } from '../testing/test-gate.ts';
import { StoreLock } from './store-lock.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('StoreLock', () => {
  it('runs work at once while nobody holds it', () => {
    const lock = new StoreLock();
    expect(lock.run(() => 42)).toBe(42);
    expect(lock.heldHere()).toBe(false);
  });

  it('makes work from outside wait for the hold, first come first served with later holds', async () => {
    const lock = new StoreLock();
    const order: string[] = [];
    const g = testGate();
    const first = lock.hold(async () => {
      order.push('hold 1 starts');
      await g.opened;
      order.push('hold 1 ends');
    });
    const read = lock.run(() => order.push('outside work'));
    const second = lock.hold(async () => {
      order.push('hold 2');
    });
    const later = lock.run(() => order.push('later work'));
    await turn();
    expect(order).toEqual(['hold 1 starts']);
    g.open();
    await Promise.all([first, read, second, later]);
    expect(order).toEqual(['hold 1 starts', 'hold 1 ends', 'outside work', 'hold 2', 'later work']);
  });

  it('lets the holding context run work and nest holds without waiting for itself', async () => {
    const lock = new StoreLock();
    const depths: number[] = [];
    const result = await lock.hold(async (depth) => {
      depths.push(depth);
      await turn();
      expect(lock.heldHere()).toBe(true);
      const inner = await lock.hold(async (d) => {
        depths.push(d);
        return lock.run(() => 'done inside');
      });
      return inner;
    });
    expect(result).toBe('done inside');
    expect(depths).toEqual([0, 1]);
    expect(lock.heldHere()).toBe(false);
  });

  it('has nested holds of one hold take turns', async () => {
    const lock = new StoreLock();
    const log: string[] = [];
    await lock.hold(async () => {
      const nested = (name: string) =>
        lock.hold(async (depth) => {
          log.push(`${name} in at ${depth}`);
          await turn();
          log.push(`${name} out`);
        });
      await Promise.all([nested('a'), nested('b')]);
    });
    expect(log).toEqual(['a in at 1', 'a out', 'b in at 1', 'b out']);
  });

  it('lets the next waiter in when a hold fails, and passes the error on', async () => {
    const lock = new StoreLock();
    const failure = new Error('no');
    const failing = lock.hold(async () => {
      await turn();
      throw failure;
    });
    const next = lock.hold(async () => 'next');
    await expect(failing).rejects.toBe(failure);
    await expect(next).resolves.toBe('next');
  });

  it('no longer counts work a hold left behind as inside once it ended', async () => {
    const lock = new StoreLock();
    let later!: Promise<boolean>;
    await lock.hold(async () => {
      later = new Promise((resolve) => setTimeout(() => resolve(lock.heldHere()), 5));
    });
    const other = testGate();
    const holding = lock.hold(() => other.opened);
    // The timer fires while another context holds the lock: its work is not inside that hold.
    expect(await later).toBe(false);
    other.open();
    await holding;
  });

  it('refuses a nested hold whose enclosing hold ended while it waited (a missing await)', async () => {
    const lock = new StoreLock();
    let orphan!: Promise<unknown>;
    const g = testGate();
    await lock.hold(async () => {
      void lock.hold(() => g.opened);
      orphan = lock.hold(async () => 'too late');
      orphan.catch(() => {});
    });
    g.open();
    await expect(orphan).rejects.toThrow(/after its enclosing transaction ended/);
  });

  it('says when a nested hold is still going as its enclosing one ends', async () => {
    const lock = new StoreLock();
    const g = testGate();
    let busy: boolean | undefined;
    await lock.hold(async () => {
      void lock.hold(() => g.opened);
      busy = lock.nestedBusy();
    });
    expect(busy).toBe(true);
    g.open();
  });

  it('runs detached work outside the hold it is called from', async () => {
    const lock = new StoreLock();
    const seen: boolean[] = [];
    const outside = lock.detached(() => seen.push(lock.heldHere()));
    await lock.hold(async () => {
      seen.push(lock.heldHere());
      outside();
    });
    expect(seen).toEqual([true, false]);
  });
});
