import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Gzip CSV files like a daily export: `files` files of `rowsPerFile` rows each, with a header.
 * Returns the total row count the Bronze table must end up with.
 */
export function writeLandingFiles(dir: string, files: number, rowsPerFile: number): number {
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < files; f++) {
    const lines = ['order_id,customer,amount,ordered_at'];
    for (let r = 0; r < rowsPerFile; r++) {
      const id = f * rowsPerFile + r + 1;
      lines.push(`${id},customer-${id % 17},${(id * 3.25).toFixed(2)},2026-11-${String((id % 28) + 1).padStart(2, '0')}`);
    }
    writeFileSync(join(dir, `orders-${String(f + 1).padStart(2, '0')}.csv.gz`), gzipSync(lines.join('\n') + '\n'));
  }
  return files * rowsPerFile;
}
