// The "bare nodejs-polars script" peer: what a user would write by hand for the same job. Plain
// JavaScript on purpose: it runs under `node` without the TypeScript loader, so the peer pays no
// start-up cost that a hand-written script would not pay either.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pl from 'nodejs-polars';

const job = JSON.parse(process.argv[2]);
const started = performance.now();
const ingestedAt = pl.lit(new Date()).alias('_ingested_at');

let frame;
if (job.kind === 'csv') {
  // scanCSV reads .csv, .csv.gz and .csv.zst itself; the whole file streams into sinkParquet.
  frame = pl.scanCSV(job.input).withColumns(pl.lit(pathToFileURL(job.input).href).alias('_source_file'), ingestedAt);
} else {
  const files = readdirSync(job.input)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  frame = pl
    .concat(
      files.map((f) => pl.scanJson(join(job.input, f)).withColumns(pl.lit(pathToFileURL(join(job.input, f)).href).alias('_source_file'))),
      { how: 'vertical' },
    )
    .withColumns(ingestedAt);
}
await frame.sinkParquet(job.output, { compression: 'zstd' }).collect();
process.stdout.write(JSON.stringify({ jobSeconds: (performance.now() - started) / 1000 }) + '\n');
