import { createRequire } from 'node:module';
import { Transform, type TransformCallback } from 'node:stream';
import type { SizeMeter } from './size-limits.ts';

// zstd-napi's low-level binding is CommonJS around a native module, so it is loaded with require.
type Binding = typeof import('zstd-napi/binding');
const binding = createRequire(import.meta.url)('zstd-napi/binding') as Binding;
const OUT_SIZE = binding.dStreamOutSize();

/**
 * Streaming zstd decompression of any number of concatenated frames. zstd-napi's DecompressStream
 * turns a whole input chunk into output before anyone can look at it, and one 64 KiB chunk of a
 * zstd bomb is gigabytes; this one hands every output block to the meter first, so a limit stops
 * the stream after one block.
 */
export class ZstdDecompressStream extends Transform {
  private readonly dctx = new binding.DCtx();
  private inFrame = false;
  private consumed = 0;

  constructor(private readonly meter: SizeMeter) {
    super({ readableHighWaterMark: OUT_SIZE });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      let src = chunk;
      for (;;) {
        const dst = Buffer.allocUnsafe(OUT_SIZE);
        const [ret, produced, consumed] = this.dctx.decompressStream(dst, src);
        this.consumed += consumed;
        src = src.subarray(consumed);
        if (produced > 0) {
          this.meter.addOut(produced, this.consumed);
          this.push(dst.subarray(0, produced));
        }
        if (src.length === 0 && (produced < dst.length || ret === 0)) {
          this.inFrame = ret !== 0;
          break;
        }
      }
    } catch (err) {
      done(err as Error);
      return;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    done(this.inFrame ? new Error('the zstd data is truncated: it ends inside a frame') : null);
  }
}
