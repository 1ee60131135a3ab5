import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverPlugins } from '@sluice/engine';
import { runTestGraph } from '@sluice/engine/testing';
import parseCsv from '@sluice/node-parse-csv';
import parseExcel from '@sluice/node-parse-excel';
import parseJson from '@sluice/node-parse-json';
import parseParquet from '@sluice/node-parse-parquet';
import { pluginCatalog, type AnyNodePlugin, type GraphDocument } from '@sluice/sdk';
import pl from 'nodejs-polars';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format.ts';
import plugin from './index.ts';

const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples', import.meta.url));
// The host lends plugins its own zod and polars: this package has both.
const HOST_DIR = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = join(EXAMPLES_DIR, 'plugin-parse-fixed-width', 'sample', 'accounts.txt');

/** The fixed-width example as the runtime installs it: discovered in a plugins folder, not imported. */
let fixedWidth: AnyNodePlugin;
beforeAll(async () => {
  const registry = await discoverPlugins({ hostDir: HOST_DIR, builtinDirs: [], pluginsDir: EXAMPLES_DIR });
  fixedWidth = registry.get('parse-fixed-width')!;
  expect(registry.withFacet('detect').map((p) => p.type)).toContain('parse-fixed-width');
});

function graph(dir: string): GraphDocument {
  const node = (type: string, x: number, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x, y: 0 }, config });
  return {
    format: 'sluice-graph',
    version: 1,
    name: 'auto with a third-party parser',
    nodes: { src: node('source-local', 0, { folder: dir }), auto: node('parse-auto', 200, {}), sink: node('bronze-sink', 400, { table: 'accounts' }) },
    edges: [
      { from: { node: 'src', port: 'files' }, to: { node: 'auto', port: 'files' } },
      { from: { node: 'auto', port: 'table' }, to: { node: 'sink', port: 'table' } },
    ],
  };
}

describe('a third-party parser joins auto-detection', () => {
  it('reads an aligned fixed-width file with the plugin found in the plugins folder, columns from its header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-auto-fixed-width-'));
    copyFileSync(SAMPLE, join(dir, 'accounts.txt'));
    writeFileSync(join(dir, 'orders.txt'), 'id;name\n1;Zoë\n2;Ørjan\n');
    const { summary, dataDir, events } = await runTestGraph(graph(dir), { plugins: [plugin, fixedWidth], graphDir: dir });
    expect(summary.errors).toEqual([]);
    expect(summary.files.processed).toBe(2);
    const logs = events.flatMap((e) => (e.type === 'log' ? [e.line.message] : [])).join('\n');
    expect(logs).toMatch(/accounts\.txt: read as fixed-width \(detected from content \(3 aligned columns\)\)/);
    expect(logs).toMatch(/orders\.txt: read as csv \(detected from content \(text, not JSON\)\)/);
    const byFile = new Map<string, pl.DataFrame>();
    for (const e of readdirSync(join(dataDir, 'bronze', 'accounts'), { withFileTypes: true, recursive: true })) {
      if (!e.isFile() || !e.name.endsWith('.parquet') || e.name.startsWith('.')) continue;
      for (const df of pl.readParquet(join(e.parentPath, e.name)).partitionBy('_source_file', true)) {
        byFile.set(String(df.getColumn('_source_file').get(0)).split('/').pop()!, df);
      }
    }
    expect(byFile.get('accounts.txt')!.select('ACCOUNT', 'HOLDER', 'BALANCE').toRecords()).toEqual([
      { ACCOUNT: 'NL01-0001', HOLDER: 'Anna de Vries', BALANCE: '1250.00' },
      { ACCOUNT: 'NL01-0002', HOLDER: 'Bram Jansen', BALANCE: '-3.10' },
      { ACCOUNT: 'BE02-0003', HOLDER: 'Chloé Peeters', BALANCE: '99000.00' },
    ]);
  });

  it('leaves the built-in formats as they were detected without it', () => {
    const builtIn = pluginCatalog([parseCsv, parseExcel, parseJson, parseParquet]).withFacet('detect');
    const withIt = pluginCatalog([parseCsv, parseExcel, parseJson, parseParquet, fixedWidth]).withFacet('detect');
    const heads = [
      'a,b\n1,2\n',
      'a;b\n',
      'id\tname\n1\tZoë\n2\tBo\n3\tAl\n',
      'Report\n\nid;name\n1;Zoë\n',
      '[id],[name]\n1,a\n',
      '[2024]|name\n1|Zoë\n',
      'id name\n1 a\n2 b\n',
      'single column\nof free text\nlines\n',
      '{"a":1}\n{"a":2}\n',
      '[\n  {"id": 1}\n]',
      'PAR1\x15\x04',
      'PK\x03\x04\x14\x00',
      '',
      '\x89PNG\r\n\x1a\n\x00',
    ];
    const summary = (d: ReturnType<typeof detectFormat>) => (d.kind === 'format' ? `${d.format} from ${d.from}` : d.kind);
    for (const head of heads) {
      const bytes = Buffer.from(head, 'latin1');
      expect(summary(detectFormat(bytes, 'x.csv', withIt)), JSON.stringify(head)).toBe(summary(detectFormat(bytes, 'x.csv', builtIn)));
    }
  });
});
