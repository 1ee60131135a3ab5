import type { BronzePart } from '@sluice/sdk';

/** A committed Bronze part for tests of manifests and their readers: one row of source `src`, key `path`. */
export function testBronzePart(table: string, path: string, over: Partial<BronzePart> = {}): BronzePart {
  return {
    table,
    path,
    sourceNode: 'src',
    sourceKey: path,
    fingerprint: 'm:1:1',
    rows: 1,
    bytes: 1,
    schemaVersion: 1,
    runId: 'r1',
    graphId: 'g',
    createdAt: new Date(),
    ...over,
  };
}
