import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** One case of the public csv-spectrum corpus: its CSV bytes and the rows its JSON expects. */
export interface SpectrumCase {
  name: string;
  bytes: Buffer;
  options: Record<string, unknown>;
  expected: Record<string, string>[];
  /** Why the corpus's expected JSON is corrected for this case (README, "csv-spectrum errata"). */
  erratum?: string;
}

const root = dirname(createRequire(import.meta.url).resolve('csv-spectrum/package.json'));

/**
 * Errata of csv-spectrum 2.0.0's expected JSON, each checked against the CSV's bytes: the case's JSON
 * was written for an older version of its CSV.
 */
const ERRATA: Record<string, { why: string; fix: (json: unknown) => Record<string, string>[] }> = {
  location_coordinates: {
    why: 'its JSON is one object, not an array of rows, and has the phone number 1234567890 where the CSV has 2095257564',
    fix: (json) => [{ ...(json as Record<string, string>), 'Contact Phone Number': '2095257564' }],
  },
};

/** Every case of the corpus (all run with parse-csv's default options: RFC 4180 CSV, text columns). */
export function csvSpectrumCases(): SpectrumCase[] {
  return readdirSync(join(root, 'csvs'))
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((file) => {
      const name = basename(file, '.csv');
      const json = JSON.parse(readFileSync(join(root, 'json', `${name}.json`), 'utf8'));
      const erratum = ERRATA[name];
      return { name: file, bytes: readFileSync(join(root, 'csvs', file)), options: {}, expected: erratum ? erratum.fix(json) : json, erratum: erratum?.why };
    });
}
