import { mkdir, open, rm, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { literalColumn } from '@sluice/sdk/polars';
import pl from 'nodejs-polars';
import { generateW3 } from '../generate/generate-workloads.ts';
import { DEFAULT_SEED } from '../generate/workload-sizes.ts';

/**
 * `tsx bench/src/profile/small-file-costs.ts [files]`: what one small file costs in each step the
 * Sluice slice takes for it, measured step by step in one process over `files` tiny CSV files
 * (milliseconds per file): polars scan set-up, schema look-ups, the audit literals, the Parquet
 * write, the row count read back, the part's fsyncs, and one SQLite commit with synchronous=FULL
 * or NORMAL. It tells which per-file costs bound W2/W3's files per second.
 */
const files = Number(process.argv[2] ?? 300);
const work = fileURLToPath(new URL('../../work', import.meta.url));
const data = await generateW3(join(work, `w3-${files}`), files, 5, DEFAULT_SEED);
const paths = Array.from({ length: files }, (_, f) => join(data.dir, `d${String(f % 100).padStart(2, '0')}`, `f${String(f).padStart(5, '0')}.csv`));
const out = join(work, 'small-file-costs');
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

/** Wall and CPU milliseconds per file (CPU: process.cpuUsage, every thread of the process, polars' included). */
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
function report(name: string, t: number, cpu: NodeJS.CpuUsage, n: number): void {
  console.log(`| ${name} | ${((performance.now() - t) / n).toFixed(2)} | ${(cpuMs(process.cpuUsage(cpu)) / n).toFixed(2)} |`);
}

async function perFile(name: string, step: (path: string, i: number) => Promise<unknown> | unknown): Promise<void> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < paths.length; i++) await step(paths[i]!, i);
  report(name, t, cpu, paths.length);
}

const fsyncPath = async (p: string) => {
  const fh = await open(p, 'r');
  await fh.sync();
  await fh.close();
};
const nativeAudit = (uri: string) => [
  literalColumn('_source_file', uri),
  literalColumn('_source_modified_at', new Date(), pl.Datetime('ms', 'UTC')),
  literalColumn('_ingested_at', new Date(), pl.Datetime('ms', 'UTC')),
  literalColumn('_run_id', 'run-1'),
];
const audit = (uri: string) => [
  pl.lit(uri).alias('_source_file'),
  pl.lit(new Date()).cast(pl.Datetime('ms', 'UTC')).alias('_source_modified_at'),
  pl.lit(new Date()).cast(pl.Datetime('ms', 'UTC')).alias('_ingested_at'),
  pl.lit('run-1').alias('_run_id'),
];

console.log(`${files} tiny CSV files (5 rows each); milliseconds per file, one file at a time\n| Step | ms/file | CPU ms/file |\n|---|---:|---:|`);
await perFile('scanCSV as text (plan only)', (p) => pl.scanCSV(p, { inferSchemaLength: 0 }));
await perFile('scanCSV + .columns (schema resolved)', (p) => pl.scanCSV(p, { inferSchemaLength: 0 }).columns);
await perFile('scanCSV + limit(0).collect() (schema via a query)', (p) => pl.scanCSV(p, { inferSchemaLength: 0 }).limit(0).collect());
await perFile('4 audit literal expressions built', (p) => audit(p));
await perFile('4 audit literals via literalColumn (what bronze-sink builds)', (p) => nativeAudit(p));
await perFile('scan -> withColumns(4 audit literals) -> sinkParquet zstd', (p, i) =>
  pl
    .scanCSV(p, { inferSchemaLength: 0 })
    .withColumns(...nativeAudit(p))
    .sinkParquet(join(out, `a${i}.parquet`), { compression: 'zstd' })
    .collect(),
);
await perFile('same + syncOnClose all', (p, i) =>
  pl
    .scanCSV(p, { inferSchemaLength: 0 })
    .withColumns(...nativeAudit(p))
    .sinkParquet(join(out, `b${i}.parquet`), { compression: 'zstd', syncOnClose: 'all' })
    .collect(),
);
{
  // What batching removes: 50 files per polars query and per Parquet file (a literal file column each).
  const t = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < paths.length; i += 50) {
    const batch = paths.slice(i, i + 50);
    await pl
      .concat(batch.map((p) => pl.scanCSV(p, { inferSchemaLength: 0 }).withColumns(literalColumn('_source_file', p))))
      .withColumns(...nativeAudit('batch').slice(1))
      .sinkParquet(join(out, `batch${i}.parquet`), { compression: 'zstd', syncOnClose: 'all' })
      .collect();
  }
  report('50 files per sinkParquet (concat of scans, literal file column, syncOnClose all)', t, cpu, paths.length);
}
await perFile('row count read back (scanParquet len)', (_p, i) =>
  pl
    .scanParquet(join(out, `a${i}.parquet`))
    .select(pl.len().alias('n'))
    .collect(),
);
await perFile('fsync part + rename + fsync folder', async (_p, i) => {
  await fsyncPath(join(out, `a${i}.parquet`));
  await rename(join(out, `a${i}.parquet`), join(out, `c${i}.parquet`));
  await fsyncPath(out);
});
await perFile('temp folder made and removed', async (_p, i) => {
  await mkdir(join(out, `t${i}`), { recursive: true });
  await rm(join(out, `t${i}`), { recursive: true, force: true });
});
for (const sync of ['FULL', 'NORMAL']) {
  const db = new Database(join(out, `store-${sync}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync}`);
  db.exec(
    'CREATE TABLE parts (path TEXT PRIMARY KEY, source_key TEXT, rows INTEGER); CREATE TABLE checkpoints (key TEXT PRIMARY KEY, fingerprint TEXT, status TEXT)',
  );
  const part = db.prepare('INSERT OR REPLACE INTO parts VALUES (?, ?, ?)');
  const ckpt = db.prepare('INSERT OR REPLACE INTO checkpoints VALUES (?, ?, ?)');
  const tx = db.transaction((p: string) => {
    part.run(`${p}.parquet`, p, 5);
    ckpt.run(p, 'm:1:2', 'processed');
  });
  await perFile(`SQLite commit of part + checkpoint, synchronous=${sync}`, (p) => tx.immediate(p));
  const batch = db.transaction((ps: string[]) => ps.forEach((p) => tx(p)));
  const t = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < paths.length; i += 50) batch.immediate(paths.slice(i, i + 50).map((p) => `${p}#b`));
  report(`same, 50 files per transaction, synchronous=${sync}`, t, cpu, paths.length);
  db.close();
}
await writeFile(join(out, 'done'), '');
await rm(out, { recursive: true, force: true });
