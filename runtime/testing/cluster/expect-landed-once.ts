import { expect } from 'vitest';
import { bronzeIds, expectedIds, type LandingGraph, landedFiles, manifestParts, partFiles } from './landing-graph.ts';
import type { ProcessCluster } from './process-cluster.ts';

/**
 * The graph's files landed exactly once: every checkpoint says processed, every row id is in the
 * parts the manifest lists exactly once, and the table's folder holds no part the manifest does not
 * list (a killed writer's leftovers were removed by the run that took over).
 */
export async function expectLandedOnce(c: ProcessCluster, g: LandingGraph): Promise<void> {
  expect(await landedFiles(c, g), `${g.name}: files landed`).toBe(g.files);
  const ids = (await bronzeIds(c, g)).sort();
  expect(ids.length, `${g.name}: rows in Bronze`).toBe(g.files * g.rows);
  expect(ids, `${g.name}: every row once`).toEqual(expectedIds(g));
  expect(partFiles(g).sort(), `${g.name}: no stray parts`).toEqual((await manifestParts(c, g)).sort());
}
