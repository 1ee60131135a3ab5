import { fingerprintOf, WatermarkTracker, type CheckpointRecord, type FileOutcome, type SourceFile } from '@sluice/sdk';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const file = (key: string, s: number): SourceFile => ({
  sourceNode: 'src',
  key,
  uri: `file:///in/${key}`,
  size: 1,
  modifiedAt: T(s),
  fingerprint: fingerprintOf({ size: 1, modifiedAt: T(s) }),
});
const ok: FileOutcome = { status: 'processed', rows: 1, landings: [] };
const failed: FileOutcome = { status: 'failed', error: 'boom', rows: 0, landings: [] };

let temp: TempStore;
beforeEach(async () => {
  temp = await openTestStore('sluice-wm-');
});
afterEach(() => temp.dispose());
const reader = () => temp.store.nodeStore('g').checkpoints;

function record(f: SourceFile, status: CheckpointRecord['status']): CheckpointRecord {
  const now = new Date();
  return {
    graphId: 'g',
    sourceNode: 'src',
    key: f.key,
    size: f.size,
    modifiedAt: f.modifiedAt,
    etag: null,
    versionId: null,
    fingerprint: f.fingerprint,
    contentHash: null,
    rows: null,
    status,
    error: 'boom',
    attempts: 3,
    runId: 'r',
    firstSeenAt: now,
    updatedAt: now,
  };
}

describe('WatermarkTracker', () => {
  it('moves to the newest file when every file succeeded', async () => {
    const t = new WatermarkTracker(undefined);
    const files = [file('b', 20), file('a', 10), file('c', 30)];
    for (const f of files) t.emitted(f);
    for (const f of files) t.settled(f, ok);
    t.listingCompleted();
    expect(await t.next(reader(), 'src')).toEqual(T(30));
  });

  it('stops at the oldest failed file, so that it is listed again', async () => {
    const t = new WatermarkTracker(T(5));
    const files = [file('a', 10), file('b', 20), file('c', 30)];
    for (const f of files) t.emitted(f);
    t.settled(files[0]!, ok);
    t.settled(files[1]!, failed);
    t.settled(files[2]!, ok);
    t.listingCompleted();
    expect(await t.next(reader(), 'src')).toEqual(T(20));
  });

  it('lets a quarantined file go, but not one quarantined in another version', async () => {
    const [a, b] = [file('a', 10), file('b', 20)];
    await temp.store.nodeStore('g').transaction(async (tx) => {
      await tx.checkpoints.put(record(a, 'quarantined'));
      await tx.checkpoints.put({ ...record(b, 'quarantined'), fingerprint: 'm:9:9' });
    });
    const t = new WatermarkTracker(undefined);
    for (const f of [a, b]) {
      t.emitted(f);
      t.settled(f, failed);
    }
    t.listingCompleted();
    expect(await t.next(reader(), 'src')).toEqual(T(20));
  });

  it('treats a file that never settled as not done, and a commit failure after success as failed', async () => {
    const t = new WatermarkTracker(undefined);
    const [a, b, c] = [file('a', 10), file('b', 20), file('c', 30)];
    for (const f of [a, b, c]) t.emitted(f);
    t.settled(a, ok);
    t.settled(c, ok);
    t.settled(c, failed);
    t.listingCompleted();
    expect(await t.next(reader(), 'src')).toEqual(T(20));
  });

  it('never moves after an incomplete listing, and never backwards', async () => {
    const t = new WatermarkTracker(T(50));
    const a = file('a', 10);
    t.emitted(a);
    t.settled(a, ok);
    expect(await t.next(reader(), 'src')).toBeUndefined();
    t.listingCompleted();
    expect(await t.next(reader(), 'src')).toBeUndefined();
  });
});
