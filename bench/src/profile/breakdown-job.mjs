// One step of the W1 time breakdown, run in its own process by breakdown.ts: each step does a part
// of the job (read, decompress, parse, encode) so that the parts' costs can be told apart even
// though the polars binary has no symbols for perf. Plain JavaScript, like the peer jobs.
import { createReadStream, createWriteStream } from 'node:fs';
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
    case 'parquet-strings-zstd-fsync':
      return pl.scanCSV(input, strings).sinkParquet(output, { compression: 'zstd', syncOnClose: 'all' }).collect();
    default:
      throw new Error(`unknown step ${step}`);
  }
}
const started = performance.now();
await run();
process.stdout.write(JSON.stringify({ jobSeconds: (performance.now() - started) / 1000 }) + '\n');
