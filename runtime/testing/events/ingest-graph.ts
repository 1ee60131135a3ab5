import type { GraphDocument } from '@sluice/sdk';
import type { S3Server } from '@sluice/testing/s3';

/** Names of the credentials the graphs refer to; tests put the values in SLUICE_CREDENTIAL_<NAME> variables. */
export const KEY_ID_NAME = 'SLUICE_TEST_S3_KEY_ID';
export const SECRET_NAME = 'SLUICE_TEST_S3_SECRET';

/**
 * source-s3 (bucket, `incoming/*.csv`) -> checkpoint -> parse-csv -> bronze-sink (table `events`
 * under the data folder's `bronze/`), started by bucket events.
 */
export function eventIngestGraph(server: S3Server, bucket: string, table = 'events'): GraphDocument {
  const at = (x: number) => ({ x, y: 0 });
  return {
    format: 'sluice-graph',
    version: 1,
    name: `Events from ${bucket}`,
    settings: { triggers: { bucketEvents: { enabled: true } } },
    nodes: {
      src: {
        type: 'source-s3',
        typeVersion: 1,
        position: at(0),
        config: {
          bucket,
          prefix: 'incoming/',
          patterns: ['*.csv'],
          endpoint: server.endpoint,
          region: server.region,
          forcePathStyle: true,
          accessKeyId: KEY_ID_NAME,
          secretAccessKey: SECRET_NAME,
        },
      },
      ck: { type: 'checkpoint', typeVersion: 1, position: at(200), config: {} },
      csv: { type: 'parse-csv', typeVersion: 1, position: at(400), config: {} },
      sink: { type: 'bronze-sink', typeVersion: 1, position: at(600), config: { root: 'bronze', table } },
    },
    edges: [
      { from: { node: 'src', port: 'files' }, to: { node: 'ck', port: 'files' } },
      { from: { node: 'ck', port: 'files' }, to: { node: 'csv', port: 'files' } },
      { from: { node: 'csv', port: 'table' }, to: { node: 'sink', port: 'table' } },
    ],
  };
}
