import { describe, expect, it } from 'vitest';
import { InFlightRewrites } from './in-flight-rewrites.ts';

const files = (...ids: string[]) => new Set(ids);
const tick = () => new Promise((r) => setTimeout(r, 10));

describe('InFlightRewrites', () => {
  it('makes a landing of other files wait for the part until the holder settles, then plans again', async () => {
    const r = new InFlightRewrites(60_000);
    const a = await r.hold(async () => ['p1'], files('a'));
    let plans = 0;
    let paths = ['p1'];
    const b = r.hold(async () => {
      plans++;
      return paths;
    }, files('b'));
    let held = false;
    void b.then(() => (held = true));
    await tick();
    expect(held).toBe(false);
    // The holder committed: the part it wrote again is what the waiting landing now shares.
    paths = ['p1-rewritten'];
    a.release();
    const got = await b;
    expect(got.gaveUp).toBe(false);
    expect(plans).toBe(2);
    // It holds what it planned last: a third landing waits for it there, not on the old part.
    let third = false;
    void r.hold(async () => ['p1-rewritten'], files('c')).then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    got.release();
    got.release();
    await tick();
    expect(third).toBe(true);
  });

  it('lets two landings that check in the same turn hold the part one after the other, never both', async () => {
    const r = new InFlightRewrites(60_000);
    const order: string[] = [];
    const one = r.hold(async () => ['p'], files('a')).then((h) => (order.push('a'), h));
    const two = r.hold(async () => ['p'], files('b')).then((h) => (order.push('b'), h));
    const first = await one;
    await tick();
    expect(order).toEqual(['a']);
    first.release();
    (await two).release();
    expect(order).toEqual(['a', 'b']);
  });

  it('does not wait for a landing of the same file (another of its tables), nor for other parts', async () => {
    const r = new InFlightRewrites(60_000);
    await r.hold(async () => ['p'], files('a', 'x'));
    expect((await r.hold(async () => ['p'], files('x'))).gaveUp).toBe(false);
    expect((await r.hold(async () => ['q'], files('b'))).gaveUp).toBe(false);
  });

  it('gives up after its bound, holding the part anyway, so that a wait that cannot end does end', async () => {
    const r = new InFlightRewrites(50);
    await r.hold(async () => ['p'], files('a'));
    const got = await r.hold(async () => ['p'], files('b'));
    expect(got.gaveUp).toBe(true);
  });

  it('stops waiting when the run is cancelled, and releaseAll lets every waiter go', async () => {
    const r = new InFlightRewrites(60_000);
    await r.hold(async () => ['p'], files('a'));
    const ac = new AbortController();
    const cancelled = r.hold(async () => ['p'], files('b'), ac.signal);
    ac.abort();
    await expect(cancelled).rejects.toThrow();
    const waiting = r.hold(async () => ['p'], files('c'));
    r.releaseAll();
    expect((await waiting).gaveUp).toBe(false);
  });
});
