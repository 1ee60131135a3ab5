// One step of the W1 time breakdown, run in its own process by breakdown.ts: each step does a part
// of the job (read, decompress, parse, encode) so that the parts' costs can be told apart even
// though the polars binary has no symbols for perf. Plain JavaScript, like the peer jobs.
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import pl from 'nodejs-polars';

const [step, input, output] = process.argv.slice(2);
const strings = { inferSchemaLength: 0 };
const devNull = () => createWriteStream('/dev/null');

async function run() {
  switch (step) {
    case 'read':
      return pipeline(createReadStream(input, { highWaterMark: 1 << 20 }), devNull());
    case 'gunzip-node':
      return pipeline(createReadStream(input, { highWaterMark: 1 << 20 }), createGunzip({ chunkSize: 1 << 20 }), devNull());
    case 'unzstd-napi': {
      const { DecompressStream } = await import('zstd-napi');
      return pipeline(createReadStream(input, { highWaterMark: 1 << 20 }), new DecompressStream(), devNull());
    }
    case 'parse-strings-ipc':
      return pl.scanCSV(input, strings).sinkIpc(output, { compression: 'uncompressed' }).collect();
    case 'parse-typed-ipc':
      return pl.scanCSV(input).sinkIpc(output, { compression: 'uncompressed' }).collect();
    case 'parquet-strings-uncompressed':
      return pl.scanCSV(input, strings).sinkParquet(output, { compression: 'uncompressed' }).collect();
    case 'parquet-strings-zstd':
      return pl.scanCSV(input, strings).sinkParquet(output, { compression: 'zstd' }).collect();
    case 'parquet-typed-zstd':
      return pl.scanCSV(input).sinkParquet(output, { compression: 'zstd' }).collect();
    case 'gz-spool-then-scan': {
      // What Sluice does today: decompress the whole file to a spool, then let polars scan it.
      const spool = `${output}.spool.csv`;
      await pipeline(createReadStream(input, { highWaterMark: 1 << 20 }), createGunzip({ chunkSize: 1 << 20 }), createWriteStream(spool));
      await pl.scanCSV(spool, strings).sinkParquet(output, { compression: 'zstd' }).collect();
      return rm(spool);
    }
    case 'gz-chunked-overlap':
      return chunkedOverlap(input, output);
    case 'parquet-strings-zstd-fsync':
      return pl.scanCSV(input, strings).sinkParquet(output, { compression: 'zstd', syncOnClose: 'all' }).collect();
    default:
      throw new Error(`unknown step ${step}`);
  }
}
/**
 * The overlap idea: gunzip on the libuv thread while polars parses what is already decompressed.
 * The decompressed stream is cut into chunk files of ~CHUNK bytes at a line end outside quotes
 * (quote parity counted from the start: a doubled quote toggles twice), each chunk gets the header,
 * and polars sinks chunk i to its own Parquet part while chunk i+1 is being decompressed.
 */
async function chunkedOverlap(input, output) {
  const CHUNK = Number(process.env.CHUNK_MB ?? 32) << 20;
  let header;
  let inQuotes = false;
  let pending = [];
  let pendingBytes = 0;
  let index = 0;
  const sinks = [];
  const flush = async (final) => {
    const body = Buffer.concat(pending);
    let cut = body.length;
    if (!final) {
      // The last line end outside quotes: quote parity at each position, scanning forward once.
      cut = -1;
      let q = inQuotes;
      for (let i = 0; i < body.length; i++) {
        const b = body[i];
        if (b === 0x22) q = !q;
        else if (b === 0x0a && !q) cut = i + 1;
      }
      if (cut < 0) return;
      // parity at `cut` is what it was at the last unquoted line end: outside quotes.
      inQuotes = false;
    }
    const head = body.subarray(0, cut);
    const rest = body.subarray(cut);
    pending = rest.length ? [rest] : [];
    pendingBytes = rest.length;
    if (!head.length) return;
    let text = head;
    if (header === undefined) {
      const nl = head.indexOf(0x0a);
      header = head.subarray(0, nl + 1);
    } else text = Buffer.concat([header, head]);
    const chunkPath = `${output}.chunk${index}.csv`;
    const part = `${output}.part${index}.parquet`;
    index++;
    await writeFile(chunkPath, text);
    // At most two sinks in flight: parsing keeps up, memory stays at a few chunks.
    if (sinks.length >= 2) await sinks.shift();
    sinks.push(
      pl
        .scanCSV(chunkPath, strings)
        .sinkParquet(part, { compression: 'zstd' })
        .collect()
        .then(() => rm(chunkPath)),
    );
  };
  const gunzip = createReadStream(input, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 1 << 20 }));
  for await (const buf of gunzip) {
    pending.push(buf);
    pendingBytes += buf.length;
    if (pendingBytes >= CHUNK) await flush(false);
  }
  await flush(true);
  await Promise.all(sinks);
  if (!process.env.KEEP_PARTS) for (let i = 0; i < index; i++) await rm(`${output}.part${i}.parquet`);
}

const started = performance.now();
await run();
process.stdout.write(JSON.stringify({ jobSeconds: (performance.now() - started) / 1000 }) + '\n');
