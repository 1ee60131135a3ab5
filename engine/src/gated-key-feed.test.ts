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
});
