import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openTempStore } from '@sluice/store';
import parseCsv from '@sluice/node-parse-csv';
import parseExcel from '@sluice/node-parse-excel';
import parseJson from '@sluice/node-parse-json';
import parseParquet from '@sluice/node-parse-parquet';
import { fingerprintOf, pluginCatalog, type FileItem, type RunScope } from '@sluice/sdk';
import pl from 'nodejs-polars';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAutoConfig } from './auto-config.ts';
import plugin from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'parse-auto-inspect-'));
const temp = openTempStore('parse-auto-inspect-store-');
afterAll(() => temp.dispose());

const warnings: string[] = [];
const scope: RunScope<undefined> = {
  runId: 'preview',
  graphId: 'g',
  nodeId: 'auto',
  params: {},
  signal: new AbortController().signal,
  log: { debug() {}, info() {}, warn() {}, error() {} },
  store: temp.store.nodeStore('g'),
  secrets: { get: async () => undefined },
  state: undefined,
  metrics() {},
  progress() {},
  warn: (m) => void warnings.push(m),
  plugins: pluginCatalog([parseCsv, parseExcel, parseJson, parseParquet]),
};

function fileOf(name: string): FileItem {
  const path = join(dir, name);
  const size = 0;
  const modifiedAt = new Date(0);
  const origin = { sourceNode: 'src', key: name, uri: `file://${path}`, size, modifiedAt, fingerprint: fingerprintOf({ size, modifiedAt }) };
  return { kind: 'file', origin, name, open: async () => createReadStream(path), localPath: async () => path };
}

describe('parse-auto inspect', () => {
  it("reports the detected format and decompression with the format plugin's metadata", async () => {
    writeFileSync(join(dir, 'export.csv.gz'), gzipSync('Report\n\nid;name\n1;Zoë\n'));
    const meta = await plugin.inspect!(parseAutoConfig.parse({ csv: { delimiter: 'auto', skipRows: 2 } }), fileOf('export.csv.gz'), scope);
    expect(meta).toMatchObject({
      format: 'csv',
      detectedFormat: 'csv',
      compression: 'gzip',
      delimiter: ';',
      columns: ['id', 'name'],
      detectedFrom: 'content (text, not JSON)',
    });
  });

  it('says when the name disagrees with the bytes', async () => {
    pl.DataFrame({ id: [1, 2] }).writeParquet(join(dir, 'really.csv'));
    const meta = await plugin.inspect!(parseAutoConfig.parse({}), fileOf('really.csv'), scope);
    expect(meta).toMatchObject({ format: 'parquet', detectedFormat: 'parquet', detectedFrom: 'magic bytes PAR1', compression: 'none', extensionSays: 'csv' });
  });
});
