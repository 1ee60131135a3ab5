import type { GraphDocument } from '@sluice/sdk';
import type { BenchJob } from './bench-job.ts';

/**
 * The graph a Sluice user would draw for the benchmark's job, with default options everywhere
 * except the paths: source-local (or source-s3) -> checkpoint -> decompress -> parse -> bronze-sink.
 */
export function sluiceGraph(job: BenchJob, bronzeRoot: string, parseConfig: Record<string, unknown> = {}): GraphDocument {
  const node = (type: string, x: number, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x, y: 0 }, config });
  return {
    format: 'sluice-graph',
    version: 1,
    name: `bench ${job.format} ${job.pattern}`,
    nodes: {
      source: job.s3
        ? node('source-s3', 0, {
            bucket: job.s3.bucket,
            prefix: job.s3.prefix,
            patterns: [job.pattern],
            endpoint: job.s3.endpoint,
            region: job.s3.region,
            forcePathStyle: true,
            accessKeyId: job.s3.accessKeyIdName,
            secretAccessKey: job.s3.secretAccessKeyName,
          })
        : node('source-local', 0, { folder: job.folder, patterns: [job.pattern] }),
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
