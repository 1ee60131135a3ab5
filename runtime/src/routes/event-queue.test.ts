import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.ts';

describe('EventQueue', () => {
  it('wakes a wait when an event comes, and hands the events over once', async () => {
    const q = new EventQueue<number>();
    const waiting = q.wait(10_000);
    q.push(1);
    q.push(2);
    expect(await waiting).toBe(false);
    expect(q.take()).toEqual([1, 2]);
    expect(q.take()).toEqual([]);
  });

  it('times out with nothing pushed, and returns at once when events wait or the client left', async () => {
    const q = new EventQueue<number>();
    expect(await q.wait(5)).toBe(true);
    q.push(3);
    expect(await q.wait(10_000)).toBe(false);
    q.take();
    const waiting = q.wait(10_000);
    q.close();
    expect(await waiting).toBe(false);
    expect(q.closed).toBe(true);
    expect(await q.wait(10_000)).toBe(false);
  });
});
