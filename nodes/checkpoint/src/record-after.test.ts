import { fingerprintOf, type CheckpointRecord, type FileOutcome, type SourceFile } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { recordAfter } from './record-after.ts';

const at = new Date('2026-03-01T00:00:00Z');
const now = new Date('2026-03-02T00:00:00Z');
const file: SourceFile = {
  sourceNode: 's',
  key: 'a.csv',
  uri: 'file:///in/a.csv',
  size: 10,
  modifiedAt: at,
  etag: 'abc',
  fingerprint: fingerprintOf({ size: 10, modifiedAt: at, etag: 'abc' }),
};
const c = { graphId: 'g', runId: 'r2', maxAttempts: 3, now };
const failed: FileOutcome = { status: 'failed', error: 'a.csv: bad gzip', rows: 0, landings: [] };

function prev(status: CheckpointRecord['status'], attempts: number, fingerprint = file.fingerprint): CheckpointRecord {
  return {
    graphId: 'g',
    sourceNode: 's',
    key: 'a.csv',
    size: 10,
    modifiedAt: at,
    etag: 'abc',
    versionId: null,
    fingerprint,
    contentHash: null,
    rows: null,
    status,
    error: 'x',
    attempts,
    runId: 'r1',
    firstSeenAt: at,
    updatedAt: at,
  };
}

describe('recordAfter', () => {
  it('records a processed file with its rows and no attempts, keeping the first sighting', () => {
    const r = recordAfter({ status: 'processed', rows: 42, landings: [] }, file, prev('failed', 2), c)!;
    expect(r).toMatchObject({ status: 'processed', rows: 42, attempts: 0, error: null, etag: 'abc', runId: 'r2', firstSeenAt: at, updatedAt: now });
  });

  it('counts failures of the same version and quarantines at maxAttempts', () => {
    expect(recordAfter(failed, file, undefined, c)).toMatchObject({ status: 'failed', attempts: 1, error: 'a.csv: bad gzip', firstSeenAt: now });
    expect(recordAfter(failed, file, prev('failed', 1), c)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(recordAfter(failed, file, prev('failed', 2), c)).toMatchObject({ status: 'quarantined', attempts: 3 });
  });

  it('starts counting again for a changed file or after a success', () => {
    expect(recordAfter(failed, file, prev('failed', 2, 'e:9:old'), c)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(recordAfter(failed, file, prev('processed', 0), c)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('takes a file skipped downstream on purpose as processed, and records nothing when cancelled', () => {
    expect(recordAfter({ status: 'skipped', reason: 'empty', rows: 0, landings: [] }, file, undefined, c)).toMatchObject({ status: 'processed', rows: 0 });
    expect(recordAfter({ status: 'cancelled', rows: 0, landings: [] }, file, prev('failed', 1), c)).toBeUndefined();
  });

  it("records nothing for a file still unconfirmed (a bucket event's version no read proved), whatever became of it", () => {
    const named: SourceFile = { ...file, modifiedAt: new Date(0), unconfirmed: true };
    expect(recordAfter(failed, named, prev('failed', 2), c)).toBeUndefined();
    expect(recordAfter({ status: 'skipped', reason: 'gone', rows: 0, landings: [] }, named, undefined, c)).toBeUndefined();
    expect(recordAfter({ status: 'processed', rows: 1, landings: [] }, named, undefined, c)).toBeUndefined();
  });
});
