// Writes this example's input (an archive of 100 small daily Parquet files of meter readings, written
// over the years by tools with different codecs, the later ones with one more column), graph.json and
// expected.json. Seeded: the same bytes every time (generate.test.ts checks the committed files).
//   tsx examples/parquet-archive-backfill/generate.ts [out-dir]      (default: this folder)
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rowsAsText, tableChecksum, writeExampleFiles } from '@sluice/run-examples';
import type { GraphDocument } from '@sluice/sdk';
import pl from 'nodejs-polars';
import { deriveSeed, SeededRandom } from '../../testing/random/seeded-random.ts';

export const FILES = 100;
/** The day the firmware column first appears: files from here on have it, older ones do not. */
export const FIRMWARE_FROM = 60;
export const COLUMNS = ['meter_id', 'read_at', 'kwh', 'status', 'firmware'];
/** Every codec parse-parquet reads, in turn: an archive written by several tools over the years. */
export const CODECS = ['snappy', 'gzip', 'zstd', 'lz4', 'brotli', 'uncompressed'] as const;
const METERS = ['M-0101', 'M-0102', 'M-0207', 'M-0311', 'M-0415'];
const STATUS = ['ok', 'ok', 'ok', 'estimated', 'missing'];
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2025, 0, 1);

export interface ArchiveFile {
  path: string;
  codec: (typeof CODECS)[number];
  frame: pl.DataFrame;
}

/** The archive's files: day i (from 2025-01-01), under `year=/month=` folders, codec by turn. */
export function archiveFiles(): ArchiveFile[] {
  return Array.from({ length: FILES }, (_, i) => {
    const r = new SeededRandom(deriveSeed(20250101, i));
    const day = new Date(FIRST_DAY + i * DAY_MS).toISOString().slice(0, 10);
    const count = r.int(8, 24);
    const readAt = Array.from({ length: count }, (_, k) => new Date(FIRST_DAY + i * DAY_MS + Math.floor((k * DAY_MS) / count)));
    const columns: Record<string, pl.Series> = {
      meter_id: pl.Series(
        'meter_id',
        readAt.map(() => r.pick(METERS)),
        pl.String,
      ),
      read_at: pl.Series('read_at', readAt, pl.Datetime('ms')),
      kwh: pl.Series(
        'kwh',
        readAt.map(() => r.int(0, 250_000) / 100),
        pl.Float64,
      ),
      status: pl.Series(
        'status',
        readAt.map(() => r.pick(STATUS)),
        pl.String,
      ),
    };
    if (i >= FIRMWARE_FROM)
      columns.firmware = pl.Series(
        'firmware',
        readAt.map(() => r.pick(['4.2.0', '4.2.1', '5.0.0'])),
        pl.String,
      );
    return {
      path: `year=${day.slice(0, 4)}/month=${day.slice(5, 7)}/readings_${day}.parquet`,
      codec: CODECS[i % CODECS.length]!,
      frame: pl.DataFrame(Object.values(columns)),
    };
  });
}

export const graph: GraphDocument = {
  format: 'sluice-graph',
  version: 1,
  name: 'Parquet archive backfill',
  description:
    'A backfill of an archive of 100 daily Parquet files of meter readings (snappy, gzip, zstd, lz4, brotli and uncompressed; the later files have one more column) into the Bronze table "meter_readings". Every file is listed (mode all); the checkpoint makes a rerun skip what landed.',
  nodes: {
    archive: { type: 'source-local', typeVersion: 1, position: { x: 20, y: 100 }, config: { folder: 'archive', patterns: ['**/*.parquet'], mode: 'all' } },
    checkpoint: { type: 'checkpoint', typeVersion: 1, position: { x: 260, y: 100 }, config: {} },
    parquet: { type: 'parse-parquet', typeVersion: 1, position: { x: 500, y: 100 }, config: {} },
    readings: { type: 'bronze-sink', typeVersion: 1, position: { x: 740, y: 100 }, config: { root: 'bronze', table: 'meter_readings', schemaMode: 'evolve' } },
  },
  edges: [
    { from: { node: 'archive', port: 'files' }, to: { node: 'checkpoint', port: 'files' } },
    { from: { node: 'checkpoint', port: 'files' }, to: { node: 'parquet', port: 'files' } },
    { from: { node: 'parquet', port: 'table' }, to: { node: 'readings', port: 'table' } },
  ],
};

export function generate(outDir: string): { files: number; rows: number } {
  const archive = join(outDir, 'archive');
  rmSync(archive, { recursive: true, force: true });
  const files = archiveFiles();
  for (const f of files) {
    mkdirSync(dirname(join(archive, f.path)), { recursive: true });
    f.frame.writeParquet(join(archive, f.path), { compression: f.codec });
  }
  // The older files lack `firmware`: a reader that unions by name (as the Bronze check does) sees null there.
  const rows = rowsAsText(
    pl.concat(
      files.map((f) => f.frame),
      { how: 'diagonal' },
    ),
    COLUMNS,
  );
  writeExampleFiles(outDir, graph, {
    firstRun: { processed: FILES, skipped: 0, failed: 0 },
    tables: { meter_readings: { rows: rows.length, columns: COLUMNS, checksum: tableChecksum(rows) } },
  });
  return { files: FILES, rows: rows.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? dirname(fileURLToPath(import.meta.url)));
  const { files, rows } = generate(out);
  console.log(`wrote ${files} Parquet files (${rows} rows), graph.json and expected.json to ${out}`);
}
