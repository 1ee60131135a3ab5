import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCaseFolders } from './case-folders.ts';
import { compareTables } from './compare-tables.ts';
import { AppliedDifferences } from './intended-differences.ts';
import { type JsonCase, jsonCases } from './json-cases.ts';
import { dropInferredKeys, duckdbJsonRecords, jsonExpected, jsonRecords, restoreEmptyKey } from './json-expected.ts';
import { type Landed, landFolder } from './land-folder.ts';
import { OPEN_BUGS } from './open-bugs.ts';

const cases = jsonCases();
const applied = new AppliedDifferences();
let run: Landed;
let folder: string;
let values = 0;
let duckdbValues = 0;

beforeAll(async () => {
  const [group] = writeCaseFolders('json', cases);
  folder = group!.folder;
  run = await landFolder(folder, 'parse-json', group!.options);
});

afterAll(() => {
  console.log(
    `differential json: ${cases.length} cases in 1 graph run, ${values} values compared with JSON.parse and ${duckdbValues} with DuckDB read_json; intended differences applied: ${applied.summary()}`,
  );
});

async function check(c: JsonCase): Promise<void> {
  expect(run.errors.get(c.name), 'the file fails').toBeUndefined();
  const part = run.parts.get(c.name);
  expect(part, 'no part landed').toBeDefined();
  const records = jsonRecords(c.name, c.bytes);
  const parsed = compareTables(part!, jsonExpected(c.name, records, part, applied));
  values += parsed.values;
  const duckRecords = dropInferredKeys(restoreEmptyKey(await duckdbJsonRecords(join(folder, c.name)), records, c.name, applied), records, c.name, applied);
  const duck = compareTables(part!, jsonExpected(c.name, duckRecords, part, applied, 'double'));
  duckdbValues += duck.values;
  expect({ 'JSON.parse': parsed.mismatches, DuckDB: duck.mismatches }).toEqual({ 'JSON.parse': [], DuckDB: [] });
}

describe('differential: JSON landed through parse-json and bronze-sink vs JSON.parse', () => {
  it('every part the manifest lists is on disk under its listed name', () => {
    expect(run.unpublished).toEqual([]);
    expect(folder).toBeTruthy();
  });
  for (const c of cases) (OPEN_BUGS[`json/${c.name}`] ? it.fails : it)(c.name, () => check(c));
});
