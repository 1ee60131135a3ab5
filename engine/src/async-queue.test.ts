import { describe, expect, it } from 'vitest';
import { AsyncQueue } from './async-queue.ts';

describe('AsyncQueue', () => {
  it('hands items over in order and ends after close', async () => {
    const q = new AsyncQueue<number>(2);
    await q.push(1);
    await q.push(2);
    q.close();
    expect([await q.take(), await q.take(), await q.take()]).toEqual([1, 2, undefined]);
  });

  it('makes a pusher wait while the queue is full', async () => {
    const q = new AsyncQueue<number>(1);
    await q.push(1);
    let pushed = false;
    const p = q.push(2).then(() => (pushed = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(pushed).toBe(false);
    expect(await q.take()).toBe(1);
    await p;
    expect(pushed).toBe(true);
    expect(await q.take()).toBe(2);
  });

  it('gives a waiting taker the next pushed item directly', async () => {
    const q = new AsyncQueue<string>(1);
    const t = q.take();
    await q.push('a');
    expect(await t).toBe('a');
  });

  it('rejects pushes after close and releases blocked pushers', async () => {
    const q = new AsyncQueue<number>(1);
    await q.push(1);
    const blocked = q.push(2);
    q.close();
    await expect(blocked).rejects.toThrow('closed');
    await expect(q.push(3)).rejects.toThrow('closed');
  });
});
