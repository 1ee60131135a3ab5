import { Transform, type TransformCallback } from 'node:stream';

const BACKSLASH = 0x5c;

/**
 * Rewrites backslash escapes inside quoted fields into the doubled quotes polars understands:
 * `\"` becomes `""` and `\\` becomes `\`; any other backslash is kept as it is, and backslashes
 * outside quotes are data (so `\N` stays `\N` for the null markers). Works on UTF-8 bytes, which is
 * safe because no byte of a multi-byte UTF-8 character is ASCII. State carries across chunks.
 */
export class BackslashEscapes extends Transform {
  private inQuotes = false;
  private pendingBackslash = false;

  constructor(private readonly quote: number) {
    super();
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
    const src = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const out = Buffer.allocUnsafe(src.length * 2 + 1);
    let o = 0;
    const q = this.quote;
    for (let i = 0; i < src.length; i++) {
      const b = src[i]!;
      if (this.pendingBackslash) {
        this.pendingBackslash = false;
        if (b === q) {
          out[o++] = q;
          out[o++] = q;
          continue;
        }
        if (b === BACKSLASH) {
          out[o++] = BACKSLASH;
          continue;
        }
        out[o++] = BACKSLASH;
      }
      if (b === BACKSLASH && this.inQuotes) {
        this.pendingBackslash = true;
        continue;
      }
      if (b === q) this.inQuotes = !this.inQuotes;
      out[o++] = b;
    }
    done(null, out.subarray(0, o));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.pendingBackslash ? Buffer.from([BACKSLASH]) : null);
  }
}
