import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCaseFolders } from './case-folders.ts';
import { compareTables } from './compare-tables.ts';
import { AppliedDifferences } from './intended-differences.ts';
import { type Landed, landFolder } from './land-folder.ts';
import { OPEN_BUGS } from './open-bugs.ts';
import { parquetCaseNames, parquetCases } from './parquet-cases.ts';
import { landedWithHex, parquetExpected } from './parquet-expected.ts';

const names = parquetCaseNames();
const applied = new AppliedDifferences();
let run: Landed;
let folder: string;
let values = 0;

beforeAll(async () => {
  const [group] = writeCaseFolders('parquet', await parquetCases(mkdtempSync(join(tmpdir(), 'differential-parquet-source-'))));
  folder = group!.folder;
  run = await landFolder(folder, 'parse-parquet', group!.options);
});

afterAll(() => {
  console.log(
    `differential parquet: ${names.length} cases in 1 graph run, ${values} values compared with DuckDB; intended differences applied: ${applied.summary()}`,
  );
});

async function check(name: string): Promise<void> {
  expect(run.errors.get(name), 'the file fails').toBeUndefined();
  const part = run.parts.get(name);
  expect(part, 'no part landed').toBeDefined();
  const { expected, uuidColumns } = await parquetExpected(name, join(folder, name), applied);
  let landed = part!;
  if (uuidColumns.length) {
    // The 16 bytes a UUID lands as, read as hex digits (the intended difference parquet-uuid-bytes).
    const hex = await landedWithHex(
      run.paths.get(name)!,
      landed.columns.map((c) => c.name),
      uuidColumns,
      run.filters.get(name),
    );
    landed = { ...hex, columns: hex.columns.map((c) => ({ ...c, type: uuidColumns.includes(c.name) ? 'VARCHAR' : c.type })) };
  }
  const result = compareTables(landed, expected);
  values += result.values;
  expect(result.mismatches).toEqual([]);
}

describe('differential: Parquet landed through parse-parquet and bronze-sink vs DuckDB read_parquet', () => {
  it('every part the manifest lists is on disk under its listed name', () => {
    expect(run.unpublished).toEqual([]);
  });
  for (const name of names) (OPEN_BUGS[`parquet/${name}`] ? it.fails : it)(name, () => check(name));
});
