import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCaseFolders } from './case-folders.ts';
import { compareTables } from './compare-tables.ts';
import { type ExcelCase, excelCaseNames, excelCases } from './excel-cases.ts';
import { excelExpected } from './excel-expected.ts';
import { AppliedDifferences } from './intended-differences.ts';
import { type Landed, landFolder } from './land-folder.ts';
import { OPEN_BUGS } from './open-bugs.ts';

const names = excelCaseNames();
const applied = new AppliedDifferences();
const cases = new Map<string, ExcelCase>();
const runs = new Map<string, Landed>();
let values = 0;

beforeAll(async () => {
  for (const c of await excelCases()) cases.set(c.name, c);
  for (const group of writeCaseFolders('excel', [...cases.values()])) {
    const landed = await landFolder(group.folder, 'parse-excel', group.options);
    for (const c of group.cases) runs.set(c.name, landed);
  }
});

afterAll(() => {
  console.log(
    `differential excel: ${names.length} cases in ${new Set(runs.values()).size} graph runs, ${values} values compared with exceljs; intended differences applied: ${applied.summary()}`,
  );
});

async function check(name: string): Promise<void> {
  const c = cases.get(name)!;
  const run = runs.get(name)!;
  if (c.fails) {
    expect(run.errors.get(name)).toMatch(c.fails);
    expect(run.parts.has(name)).toBe(false);
    return;
  }
  expect(run.errors.get(name), 'the file fails').toBeUndefined();
  const part = run.parts.get(name);
  expect(part, 'no part landed').toBeDefined();
  const result = compareTables(part!, await excelExpected(name, c.bytes, c.options, applied));
  values += result.values;
  expect(result.mismatches).toEqual([]);
}

describe('differential: Excel landed through parse-excel and bronze-sink vs exceljs', () => {
  it('every part the manifest lists is on disk under its listed name', () => {
    expect([...new Set(runs.values())].flatMap((r) => r.unpublished)).toEqual([]);
  });
  for (const name of names) (OPEN_BUGS[`excel/${name}`] ? it.fails : it)(name, () => check(name));
});
