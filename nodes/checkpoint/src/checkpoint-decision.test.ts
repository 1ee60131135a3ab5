import { fingerprintOf, type CheckpointRecord, type SourceFile } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { decide } from './checkpoint-decision.ts';

const at = new Date('2026-03-01T00:00:00Z');
const file: SourceFile = {
  sourceNode: 's',
  key: 'a.csv',
  uri: 'file:///in/a.csv',
  size: 10,
  modifiedAt: at,
  fingerprint: fingerprintOf({ size: 10, modifiedAt: at }),
};
const changed: SourceFile = { ...file, size: 11, fingerprint: fingerprintOf({ size: 11, modifiedAt: at }) };

function rec(status: CheckpointRecord['status'], over: Partial<CheckpointRecord> = {}): CheckpointRecord {
  return {
    graphId: 'g',
    sourceNode: 's',
    key: 'a.csv',
    size: 10,
    modifiedAt: at,
    etag: null,
    versionId: null,
    fingerprint: file.fingerprint,
    contentHash: null,
    rows: 5,
    status,
    error: status === 'processed' ? null : 'bad gzip',
    attempts: status === 'quarantined' ? 3 : status === 'failed' ? 1 : 0,
    runId: 'r1',
    firstSeenAt: at,
    updatedAt: at,
    ...over,
  };
}
const on = { reprocessChanged: true };
const off = { reprocessChanged: false };

describe('decide', () => {
  it('processes a file without a record', () => {
    expect(decide(undefined, file, on)).toEqual({ process: true, why: 'new' });
  });

  it('skips a processed file whose fingerprint is unchanged, and says since when', () => {
    expect(decide(rec('processed'), file, on)).toEqual({ process: false, reason: 'unchanged since run r1 (5 rows)' });
  });

  it('processes a changed file again unless reprocessChanged is off', () => {
    expect(decide(rec('processed'), changed, on)).toEqual({ process: true, why: 'changed' });
    expect(decide(rec('processed'), changed, off)).toMatchObject({ process: false, reason: expect.stringContaining('reprocessChanged is off') });
  });

  it('retries a failed file, changed or not', () => {
    expect(decide(rec('failed'), file, off)).toEqual({ process: true, why: 'retry' });
    expect(decide(rec('failed'), changed, off)).toEqual({ process: true, why: 'changed' });
  });

  it('skips a quarantined file with its last error, until it changes', () => {
    expect(decide(rec('quarantined'), file, on)).toMatchObject({
      process: false,
      reason: expect.stringMatching(/quarantined after 3 failed attempts \(last: bad gzip\)/),
    });
    expect(decide(rec('quarantined'), changed, on)).toEqual({ process: true, why: 'changed' });
    expect(decide(rec('quarantined'), changed, off).process).toBe(false);
  });

  it('never takes a file older than the retention horizon as new', () => {
    const d = decide(undefined, file, { ...on, horizon: new Date('2026-04-01T00:00:00Z') });
    expect(d).toMatchObject({ process: false, warn: true, reason: expect.stringContaining('before the retention horizon') });
    expect(decide(undefined, file, { ...on, horizon: new Date('2026-02-01T00:00:00Z') }).process).toBe(true);
    // A record still decides, below the horizon too.
    expect(decide(rec('processed'), changed, { ...on, horizon: new Date('2026-04-01T00:00:00Z') })).toEqual({ process: true, why: 'changed' });
  });

  it("does not judge an unconfirmed file (a bucket event's, time not known yet) by the horizon", () => {
    const named = { ...file, modifiedAt: new Date(0), unconfirmed: true as const };
    expect(decide(undefined, named, { ...on, horizon: new Date('2026-04-01T00:00:00Z') })).toEqual({ process: true, why: 'new' });
  });
});
