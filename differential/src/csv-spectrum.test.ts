import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCaseFolders } from './case-folders.ts';
import { csvSpectrumCases } from './csv-spectrum-cases.ts';
import { type Landed, landFolder } from './land-folder.ts';

const cases = csvSpectrumCases();
let run: Landed;

beforeAll(async () => {
  const [group] = writeCaseFolders('csv-spectrum', cases);
  run = await landFolder(group!.folder, 'parse-csv', group!.options);
});

afterAll(() => {
  const errata = cases.filter((c) => c.erratum).map((c) => c.name);
  console.log(`csv-spectrum: ${cases.length} cases in 1 graph run (parse-csv defaults); corpus errata applied: ${errata.join(', ') || 'none'}`);
});

describe('csv-spectrum corpus through parse-csv and bronze-sink', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(run.errors.get(c.name)).toBeUndefined();
      const part = run.parts.get(c.name)!;
      const rows = part.rows.map((row) => Object.fromEntries(part.columns.map((col, i) => [col.name, row[i]])));
      expect(rows).toEqual(c.expected);
    });
  }
});
