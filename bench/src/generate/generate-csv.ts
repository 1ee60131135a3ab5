import { CSV_HEADER, csvRows } from './csv-rows.ts';
import { SeededRandom } from '@sluice/testing/random';
import { writeText } from './write-text.ts';

const CHUNK_ROWS = 10_000;

/** One CSV file of `rows` rows (ids 1..rows), written in chunks; returns its size in bytes. */
export async function generateCsv(path: string, rows: number, seed: number): Promise<number> {
  const rng = new SeededRandom(seed);
  function* chunks() {
    yield CSV_HEADER;
    for (let first = 1; first <= rows; first += CHUNK_ROWS) yield csvRows(rng, first, Math.min(CHUNK_ROWS, rows - first + 1));
  }
  return writeText(path, chunks());
}
