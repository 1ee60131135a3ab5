// Writes this example's input (small gzip CSV files of daily store sales) and expected.json.
// Seeded: the same bytes every time, so the committed input and expectations can be checked against
// a fresh run of this script (see the examples test).
//   tsx examples/gzip-csv-to-bronze/generate.ts [out-dir]      (default: this folder)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { tableChecksum } from '../run-examples/src/table-checksum.ts';

export const COLUMNS = ['order_id', 'order_date', 'store', 'sku', 'product', 'quantity', 'unit_price'];
const STORES = ['Lyon', 'Porto', 'Turin', 'Ghent'];
const PRODUCTS: [string, string][] = [
  ['W-100', 'Widget'],
  ['W-200', 'Widget, large'], // a comma: quoted in the CSV
  ['G-310', 'Gadget "pro"'], // quotes: doubled in the CSV
  ['S-020', 'Spare part'],
];

/** mulberry32: a tiny seeded generator, enough for reproducible test data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function generate(outDir: string): { files: number; rows: string[][] } {
  const next = random(20261126);
  const input = join(outDir, 'input');
  rmSync(input, { recursive: true, force: true });
  const rows: string[][] = [];
  let orderId = 1000;
  const days = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'];
  for (const day of days) {
    const lines = [COLUMNS.join(',')];
    const count = 20 + Math.floor(next() * 60);
    for (let i = 0; i < count; i++) {
      const [sku, product] = PRODUCTS[Math.floor(next() * PRODUCTS.length)]!;
      const row = [
        String(orderId++),
        day,
        STORES[Math.floor(next() * STORES.length)]!,
        sku,
        product,
        String(1 + Math.floor(next() * 9)),
        (1 + Math.floor(next() * 9999) / 100).toFixed(2),
      ];
      rows.push(row);
      lines.push(row.map(csvField).join(','));
    }
    const folder = join(input, day.slice(0, 7));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `sales_${day}.csv.gz`), gzipSync(lines.join('\n') + '\n', { level: 9 }));
  }
  // Not matched by the graph's pattern: shows that only *.csv.gz files are taken.
  writeFileSync(join(input, 'README.txt'), 'Daily sales exports, one gzip CSV per day.\n');

  const expected = {
    firstRun: { processed: days.length, skipped: 0, failed: 0 },
    tables: { sales: { rows: rows.length, columns: COLUMNS, checksum: tableChecksum(rows) } },
  };
  writeFileSync(join(outDir, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
  return { files: days.length, rows };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? dirname(fileURLToPath(import.meta.url)));
  const { files, rows } = generate(out);
  console.log(`wrote ${files} gzip CSV files (${rows.length} rows) and expected.json to ${out}`);
}
