import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chainGraph, runTestGraph } from '@sluice/engine/testing';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';

/** Every row of a Bronze table, by source file, as JSON of its data columns (nulls kept apart from empty text). */
function bronzeByFile(dataDir: string, table: string): Map<string, string[]> {
  const root = join(dataDir, 'bronze', table);
  const parts = readdirSync(root, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && e.name.endsWith('.parquet') && !e.name.startsWith('.'));
  const byFile = new Map<string, string[]>();
  for (const p of parts) {
    const df = pl.readParquet(join(p.parentPath, p.name));
    const data = df.columns.filter((c) => !c.startsWith('_')).sort();
    for (const r of df.toRecords()) {
      const file = String(r._source_file);
      const row = JSON.stringify(Object.fromEntries(data.filter((c) => r[c] !== undefined).map((c) => [c, r[c]])));
      byFile.set(file, [...(byFile.get(file) ?? []), row]);
    }
  }
  return byFile;
}

describe('parse-csv batches', () => {
  it('reads small files of one header together, lands each with its own rows, and fails a bad one alone, named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-csv-batch-'));
    const expected = new Map<string, string[]>();
    const row = (r: Record<string, string | null>) => JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))));
    // Two headers (the sink evolves one table over both), quoted delimiters and quotes, empty
    // quoted text and empty unquoted fields (null), accents; a header-only file; an empty file.
    for (let i = 0; i < 24; i++) {
      const name = `orders-${i}.csv`;
      writeFileSync(join(dir, name), `id,customer,note\n${i},"Müller, ""${i}""",\n${i}b,,""\n`);
      expected.set(name, [row({ id: `${i}`, customer: `Müller, "${i}"`, note: null }), row({ id: `${i}b`, customer: null, note: '' })]);
    }
    for (let i = 0; i < 12; i++) {
      const name = `prices-${i}.csv`;
      writeFileSync(join(dir, name), `sku,price\r\nS${i},${i}.50\r\n`);
      expected.set(name, [row({ sku: `S${i}`, price: `${i}.50` })]);
    }
    writeFileSync(join(dir, 'orders-header-only.csv'), 'id,customer,note\n');
    expected.set('orders-header-only.csv', []);
    writeFileSync(join(dir, 'empty.csv'), '');
    // A row with more fields than its header: the scan of its batch fails, then it fails alone.
    writeFileSync(join(dir, 'orders-ragged.csv'), 'id,customer,note\n1,a,b\n2,a,b,surplus\n');

    const doc = chainGraph('parse-csv batches', [
      { id: 'src', type: 'source-local', config: { folder: dir, patterns: ['*.csv'] } },
      // Long enough for every file to join one batch, however slow the machine.
      { id: 'csv', type: 'parse-csv', config: { batchLingerMs: 3000 } },
      { id: 'sink', type: 'bronze-sink', config: { table: 't' } },
    ]);
    const { summary, events, dataDir } = await runTestGraph(doc, { graphDir: dir });

    const lines = events.flatMap((e) => (e.type === 'log' && e.line.node === 'csv' ? [e.line.message] : []));
    expect(lines.filter((m) => /^\d+ files read together in one scan$/.test(m)).length).toBeGreaterThan(0);
    expect(lines.some((m) => /a batch of \d+ files failed \(\d+ CSV files read together failed: .+\); it is split to find the file at fault/s.test(m))).toBe(
      true,
    );
    expect(summary.errors).toHaveLength(1);
    expect(summary.errors[0]).toMatchObject({ node: 'csv', file: pathToFileURL(join(dir, 'orders-ragged.csv')).href });
    expect(summary.errors[0]!.message).toMatch(/not readable as CSV/);
    expect(summary.files).toEqual({ processed: expected.size, skipped: 1, failed: 1 });

    const landed = bronzeByFile(dataDir, 't');
    for (const [name, rows] of expected) {
      const uri = pathToFileURL(join(dir, name)).href;
      expect((landed.get(uri) ?? []).sort(), name).toEqual([...rows].sort());
    }
    expect(landed.size).toBe(expected.size - 1);
    expect(summary.rows).toBe([...expected.values()].reduce((n, r) => n + r.length, 0));
  });
});
