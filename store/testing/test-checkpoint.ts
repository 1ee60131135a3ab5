import type { CheckpointRecord } from '@sluice/sdk';

/** A processed checkpoint record of graph `g1`, source `src`, for tests of the checkpoint repository and the node store. */
export function testCheckpointRecord(key: string, over: Partial<CheckpointRecord> = {}): CheckpointRecord {
  return {
    graphId: 'g1',
    sourceNode: 'src',
    key,
    size: 10,
    modifiedAt: new Date(5000),
    etag: null,
    versionId: null,
    fingerprint: `m:10:5000:${key}`,
    contentHash: null,
    rows: 3,
    status: 'processed',
    error: null,
    attempts: 0,
    runId: 'run-1',
    firstSeenAt: new Date(1000),
    updatedAt: new Date(2000),
    ...over,
  };
}
