// Writes this example's input (a partner's daily sales files, as partners send them: semicolons,
// decimal commas, dd.mm.yyyy dates, Windows-1252, CRLF), the two days still to arrive, graph.json and
// expected.json. Seeded: the same bytes every time (generate.test.ts checks the committed files).
//   tsx examples/partner-sales-incremental/generate.ts [out-dir]      (default: this folder)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableChecksum, writeExampleFiles } from '@sluice/run-examples';
import type { GraphDocument } from '@sluice/sdk';
import { deriveSeed, SeededRandom } from '../../testing/random/seeded-random.ts';

export const COLUMNS = ['invoice_no', 'invoice_date', 'customer', 'city', 'article', 'quantity', 'unit_price', 'amount'];
/** Days already delivered (in `input/`) and days still to arrive (in `arriving/`, for the walk-through). */
export const DELIVERED = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'];
export const ARRIVING = ['2026-11-07', '2026-11-08'];
/** Files older than the watermark by less than this are still listed (late deliveries with preserved times). */
export const LOOKBACK_SECONDS = 2 * 86_400;

const CUSTOMERS: [string, string][] = [
  ['Bäckerei Müller', 'München'],
  ['Café Größenwahn', 'Köln'],
  ['Schmidt & Söhne KG', 'Düsseldorf'],
  ['Épicerie Lefèvre', 'Zürich'],
  ['Hofladen Weiß', 'Graz'],
];
const ARTICLES: [string, number][] = [
  ['Kaffee Crema 1kg', 1490],
  ['Tee Earl Grey 250g', 475],
  ['Filtertüten Gr. 4', 229],
  ['Milchschäumer', 3999],
];

const decimalComma = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
const germanDate = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

/** One day's rows, as text exactly as they stand in the file. Each day has its own seed. */
export function dayRows(day: string): string[][] {
  const r = new SeededRandom(deriveSeed(20261107, Number(day.replace(/-/g, ''))));
  const rows: string[][] = [];
  const count = r.int(15, 40);
  for (let i = 1; i <= count; i++) {
    const [customer, city] = r.pick(CUSTOMERS);
    const [article, price] = r.pick(ARTICLES);
    const quantity = r.int(1, 24);
    rows.push([
      `${day.replace(/-/g, '')}-${String(i).padStart(3, '0')}`,
      germanDate(day),
      customer,
      city,
      article,
      String(quantity),
      decimalComma(price),
      decimalComma(price * quantity),
    ]);
  }
  return rows;
}

/** The file a partner sends for a day: Windows-1252 bytes (only Latin-1 characters are used, so `latin1` encodes them). */
export function dayFile(day: string): Buffer {
  const lines = [COLUMNS, ...dayRows(day)].map((r) => r.join(';'));
  return Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
}

export const graph: GraphDocument = {
  format: 'sluice-graph',
  version: 1,
  name: 'Partner sales, incremental',
  description:
    'A partner\'s daily sales files (sales_YYYY-MM-DD.csv: semicolons, decimal commas, Windows-1252) landed incrementally in the Bronze table "partner_sales": the source lists only files modified after its watermark minus a two-day lookback, the checkpoint skips those already landed. Add a day\'s file and run again: only that file is processed.',
  nodes: {
    files: {
      type: 'source-local',
      typeVersion: 1,
      position: { x: 20, y: 100 },
      config: { folder: 'input', patterns: ['sales_*.csv'], mode: 'incremental', lookbackSeconds: LOOKBACK_SECONDS },
    },
    checkpoint: { type: 'checkpoint', typeVersion: 1, position: { x: 260, y: 100 }, config: {} },
    csv: { type: 'parse-csv', typeVersion: 1, position: { x: 500, y: 100 }, config: { delimiter: ';', encoding: 'windows-1252' } },
    sales: { type: 'bronze-sink', typeVersion: 1, position: { x: 740, y: 100 }, config: { root: 'bronze', table: 'partner_sales' } },
  },
  edges: [
    { from: { node: 'files', port: 'files' }, to: { node: 'checkpoint', port: 'files' } },
    { from: { node: 'checkpoint', port: 'files' }, to: { node: 'csv', port: 'files' } },
    { from: { node: 'csv', port: 'table' }, to: { node: 'sales', port: 'table' } },
  ],
};

export function generate(outDir: string): { files: number; rows: number } {
  for (const folder of ['input', 'arriving']) rmSync(join(outDir, folder), { recursive: true, force: true });
  for (const [folder, days] of [
    ['input', DELIVERED],
    ['arriving', ARRIVING],
  ] as const) {
    mkdirSync(join(outDir, folder), { recursive: true });
    for (const day of days) writeFileSync(join(outDir, folder, `sales_${day}.csv`), dayFile(day));
  }
  const rows = DELIVERED.flatMap(dayRows);
  writeExampleFiles(outDir, graph, {
    firstRun: { processed: DELIVERED.length, skipped: 0, failed: 0 },
    tables: { partner_sales: { rows: rows.length, columns: COLUMNS, checksum: tableChecksum(rows) } },
  });
  return { files: DELIVERED.length, rows: rows.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? dirname(fileURLToPath(import.meta.url)));
  const { files, rows } = generate(out);
  console.log(`wrote ${files} partner CSV files (${rows} rows), ${ARRIVING.length} still arriving, graph.json and expected.json to ${out}`);
}
