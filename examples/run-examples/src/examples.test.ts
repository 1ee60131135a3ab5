import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTestGraph } from '@sluice/engine/testing';
import { type GraphDocument, parseGraphDocument } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import type { ExampleExpectations } from './example-expectations.ts';
import { readBronzeTable } from './read-bronze-table.ts';
import { tableChecksum } from './table-checksum.ts';

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const examples = readdirSync(examplesDir)
  .filter((d) => existsSync(join(examplesDir, d, 'graph.json')))
  .sort();

/** Where each bronze-sink of the graph writes: its root resolves against the data folder. */
function bronzeTables(doc: GraphDocument, dataDir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of Object.values(doc.nodes)) {
    if (n.type !== 'bronze-sink') continue;
    const root = (n.config.root as string | undefined) ?? 'bronze';
    out.set(n.config.table as string, join(resolve(dataDir, root), n.config.table as string));
  }
  return out;
}

describe('examples', () => {
  it('has at least one example graph', () => expect(examples.length).toBeGreaterThan(0));

  for (const name of examples) {
    it(`${name}: lands what expected.json says, read back from Bronze, and a second run processes no file`, async () => {
      const dir = join(examplesDir, name);
      const parsed = parseGraphDocument(JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8')));
      if (!parsed.ok) throw new Error(`${name}/graph.json: ${JSON.stringify(parsed.problems)}`);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as ExampleExpectations;
      const dataDir = mkdtempSync(join(tmpdir(), `sluice-example-${name}-`));

      const first = await runTestGraph(parsed.value, { dataDir, graphDir: dir });
      expect(first.summary.errors).toEqual([]);
      expect(first.summary.files).toEqual(expected.firstRun);
      expect(first.summary.warnings.map((w) => w.message)).toEqual(expected.warnings ?? []);

      const tables = bronzeTables(parsed.value, dataDir);
      expect([...tables.keys()].sort()).toEqual(Object.keys(expected.tables).sort());
      for (const [table, tableDir] of tables) {
        const want = expected.tables[table]!;
        const { rows } = readBronzeTable(tableDir, want.columns);
        expect(rows.length, `rows of ${table}`).toBe(want.rows);
        expect(tableChecksum(rows), `checksum of ${table}`).toBe(want.checksum);
      }

      const second = await runTestGraph(parsed.value, { dataDir, graphDir: dir });
      expect(second.summary.errors).toEqual([]);
      expect(second.summary.files.processed).toBe(0);
      expect(second.summary.rows).toBe(0);
    });
  }
});
