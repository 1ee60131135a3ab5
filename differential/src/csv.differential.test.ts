import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCaseFolders } from './case-folders.ts';
import { compareTables } from './compare-tables.ts';
import { type CsvCase, csvCases } from './csv-cases.ts';
import { csvExpected } from './csv-expected.ts';
import { csvReference } from './csv-reference.ts';
import type { ReadTable } from './duckdb-read.ts';
import { AppliedDifferences } from './intended-differences.ts';
import { type Landed, landFolder } from './land-folder.ts';
import { OPEN_BUGS } from './open-bugs.ts';

const cases = csvCases();
const applied = new AppliedDifferences();
const landed = new Map<string, { run: Landed; path: string }>();
let values = 0;

beforeAll(async () => {
  for (const group of writeCaseFolders('csv', cases)) {
    const run = await landFolder(group.folder, 'parse-csv', group.options);
    for (const c of group.cases) landed.set(c.name, { run, path: join(group.folder, c.name) });
  }
});

afterAll(() => {
  const runs = new Set([...landed.values()].map((l) => l.run)).size;
  console.log(
    `differential csv: ${cases.length} cases in ${runs} graph runs, ${values} values compared with DuckDB; intended differences applied: ${applied.summary()}`,
  );
});

async function check(c: CsvCase): Promise<void> {
  const { run, path } = landed.get(c.name)!;
  expect(run.errors.get(c.name), 'the file fails').toBeUndefined();
  const part: ReadTable | undefined = run.parts.get(c.name);
  expect(part, 'no part landed').toBeDefined();
  const result = compareTables(part!, csvExpected(c, await csvReference(path, c), part, applied));
  values += result.values;
  expect(result.mismatches).toEqual([]);
}

describe('differential: CSV landed through parse-csv and bronze-sink vs DuckDB read_csv', () => {
  it('every part the manifest lists is on disk under its listed name', () => {
    expect([...landed.values()].flatMap((l) => l.run.unpublished)).toEqual([]);
  });
  for (const c of cases) (OPEN_BUGS[`csv/${c.name}`] ? it.fails : it)(c.name, () => check(c));
});
