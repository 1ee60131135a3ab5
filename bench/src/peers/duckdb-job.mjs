// The DuckDB peer: one COPY statement, as a user of @duckdb/node-api would write it. Plain
// JavaScript for the same reason as polars-job.mjs.
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const job = JSON.parse(process.argv[2]);
const started = performance.now();
const q = (s) => `'${s.replaceAll("'", "''")}'`;

const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
const select =
  job.kind === 'csv'
    ? `SELECT *, ${q(pathToFileURL(job.input).href)} AS _source_file, now() AS _ingested_at FROM read_csv(${q(job.input)})`
    : `SELECT * EXCLUDE (filename), 'file://' || filename AS _source_file, now() AS _ingested_at FROM read_json(${q(job.input + '/*.jsonl')}, filename = true)`;
await conn.run(`COPY (${select}) TO ${q(job.output)} (FORMAT parquet, COMPRESSION zstd)`);
conn.closeSync();
process.stdout.write(JSON.stringify({ jobSeconds: (performance.now() - started) / 1000 }) + '\n');
