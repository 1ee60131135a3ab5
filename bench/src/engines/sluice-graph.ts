import type { GraphDocument } from '@sluice/sdk';
import type { BenchJob } from './bench-job.ts';

/**
 * The graph a Sluice user would draw for the benchmark's job, with default options everywhere
 * except the paths: source-local -> checkpoint -> decompress -> parse -> bronze-sink.
 */
export function sluiceGraph(job: BenchJob, bronzeRoot: string, parseConfig: Record<string, unknown> = {}): GraphDocument {
  const node = (type: string, x: number, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x, y: 0 }, config });
  return {
    format: 'sluice-graph',
    version: 1,
    name: `bench ${job.format} ${job.pattern}`,
    nodes: {
      source: node('source-local', 0, { folder: job.folder, patterns: [job.pattern] }),
      checkpoint: node('checkpoint', 200, {}),
      decompress: node('decompress', 400, {}),
      parse: node(job.format === 'csv' ? 'parse-csv' : 'parse-json', 600, parseConfig),
      sink: node('bronze-sink', 800, { root: bronzeRoot, table: 'bench' }),
    },
    edges: [
      { from: { node: 'source', port: 'files' }, to: { node: 'checkpoint', port: 'files' } },
      { from: { node: 'checkpoint', port: 'files' }, to: { node: 'decompress', port: 'files' } },
      { from: { node: 'decompress', port: 'files' }, to: { node: 'parse', port: 'files' } },
      { from: { node: 'parse', port: 'table' }, to: { node: 'sink', port: 'table' } },
    ],
  };
}
