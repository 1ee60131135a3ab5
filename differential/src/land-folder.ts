import { join } from 'node:path';
import { chainGraph, runTestGraph, type TestRun } from '@sluice/engine/testing';
import { type BronzeParts, bronzeParts } from './bronze-parts.ts';

/** A run's summary and failed files, and the Bronze parts it left (BronzeParts). */
export interface Landed extends BronzeParts {
  summary: TestRun['summary'];
  /** Errors of failed files, by file name. */
  errors: Map<string, string>;
}

/**
 * Lands every file of a folder through one real graph (source-local -> parser -> bronze-sink) and
 * reads back what Bronze holds: one run per folder, whatever the number of cases in it.
 */
export async function landFolder(folder: string, parser: string, options: Record<string, unknown> = {}): Promise<Landed> {
  const graph = chainGraph(`differential ${parser}`, [
    { id: 'src', type: 'source-local', config: { folder } },
    { id: 'parse', type: parser, config: options },
    { id: 'sink', type: 'bronze-sink', config: { table: 'cases' } },
  ]);
  const { summary, dataDir } = await runTestGraph(graph, { graphDir: folder });
  const errors = new Map(
    summary.errors.map((e) => [
      String(e.file ?? '')
        .split('/')
        .pop()!,
      e.message,
    ]),
  );
  return { summary, errors, ...(await bronzeParts(join(dataDir, 'bronze', 'cases'))) };
}
