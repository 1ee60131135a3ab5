import { expect } from 'vitest';
import { bronzeIds, expectedIds, type LandingGraph, landedFiles, manifestParts, partFiles } from './landing-graph.ts';
import type { ProcessCluster } from './process-cluster.ts';

/**
 * The graph's files landed exactly once: every checkpoint says processed, every row id is in the
 * parts the manifest lists exactly once, and the table's folder holds no part the manifest does not
 * list (a killed writer's leftovers were removed by the run that took over). Graphs that land into
 * one table are given together: the table holds the rows of each of them, each once.
 */
export async function expectLandedOnce(c: ProcessCluster, landing: LandingGraph | LandingGraph[]): Promise<void> {
  const graphs = Array.isArray(landing) ? landing : [landing];
  const table = graphs[0]!;
  const name = graphs.map((g) => g.name).join('+');
  if (graphs.some((g) => g.tableUri !== table.tableUri)) throw new Error(`${name}: not one table`);
  for (const g of graphs) expect(await landedFiles(c, g), `${g.name}: files landed`).toBe(g.files);
  const ids = (await bronzeIds(c, table)).sort();
  const expected = graphs.flatMap((g) => expectedIds(g)).sort();
  expect(ids.length, `${name}: rows in Bronze`).toBe(expected.length);
  expect(ids, `${name}: every row once`).toEqual(expected);
  expect(partFiles(table).sort(), `${name}: no stray parts`).toEqual((await manifestParts(c, table)).sort());
}
