import type { RunKey } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { LiveKeyFeed } from './live-key-feed.ts';
import { gatedKeyFeed, OpenFiles } from './gated-key-feed.ts';

const turn = () => new Promise((r) => setImmediate(r));

describe('gatedKeyFeed', () => {
  it('holds the feed open while a file is in flight, hands over a key that arrives then, and closes after the last settle', async () => {
    const live = new LiveKeyFeed('run-1', 'g', 1);
    const files = new OpenFiles();
    const feed = gatedKeyFeed(live, files);
    const signal = new AbortController().signal;
    files.opened();
    let got: RunKey[] | null | undefined;
    void feed.next(signal).then((k) => (got = k));
    await turn();
    expect(got).toBeUndefined();
    expect(live.open).toBe(true);
    live.push({ key: 'b.csv' });
    await turn();
    expect(got).toEqual([{ key: 'b.csv' }]);
    const last = feed.next(signal);
    await turn();
    expect(live.open).toBe(true);
    files.settled();
    expect(await last).toBeNull();
    expect(live.open).toBe(false);
  });

  it('closes at once when nothing is in flight and no key waits', async () => {
    const live = new LiveKeyFeed('run-1', 'g', 1);
    expect(await gatedKeyFeed(live, new OpenFiles()).next(new AbortController().signal)).toBeNull();
    expect(live.take()).toBeNull();
  });

  it('rejects with the reason when the run is cancelled while it waits', async () => {
    const live = new LiveKeyFeed('run-1', 'g', 1);
    const files = new OpenFiles();
    files.opened();
    const c = new AbortController();
    const waiting = gatedKeyFeed(live, files).next(c.signal);
    c.abort(new Error('cancelled by request'));
    await expect(waiting).rejects.toThrow('cancelled by request');
  });

  it('stays open while intake holds a reservation, hands over the key pushed into it, and closes once it is cancelled', async () => {
    const live = new LiveKeyFeed('run-1', 'g', 1);
    const feed = gatedKeyFeed(live, new OpenFiles());
    const signal = new AbortController().signal;
    // Intake found the feed open and records the key in its transaction: no file is in flight.
    const slot = live.reserve();
    expect(live.keyCount).toBe(2);
    const first = feed.next(signal);
    await turn();
    expect(live.open).toBe(true);
    slot.push({ key: 'late.csv' });
    expect(await first).toEqual([{ key: 'late.csv' }]);
    // A reservation rolled back leaves nothing, and lets the feed close.
    const rolledBack = live.reserve();
    const last = feed.next(signal);
    await turn();
    expect(live.open).toBe(true);
    rolledBack.cancel();
    expect(await last).toBeNull();
    expect(live.keyCount).toBe(2);
  });

  it('takes nothing pushed into a reservation after the run closed the feed by force', () => {
    const live = new LiveKeyFeed('run-1', 'g', 0);
    const slot = live.reserve();
    expect(live.close()).toEqual([]);
    expect(() => slot.push({ key: 'a.csv' })).not.toThrow();
    expect(live.take()).toBeNull();
    expect(() => live.reserve()).toThrow(/after its feed closed/);
  });
});
