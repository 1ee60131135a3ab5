import { Transform, type TransformCallback } from 'node:stream';
import type { Utf16Encoding } from './sniff-csv.ts';

/**
 * Streams UTF-16 (either byte order, its BOM dropped) into UTF-8, a chunk at a time. Strict:
 * a lone surrogate or an odd trailing byte fails the stream instead of becoming U+FFFD, so no
 * value is replaced silently. Big-endian bytes are swapped into little-endian for the decoder.
 */
export class Utf16ToUtf8 extends Transform {
  private readonly decoder = new TextDecoder('utf-16le', { fatal: true });
  private carry: Buffer = Buffer.alloc(0);

  constructor(private readonly encoding: Utf16Encoding) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      let bytes: Buffer = chunk;
      if (this.encoding === 'utf-16be') {
        const data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
        const even = data.length - (data.length % 2);
        this.carry = Buffer.from(data.subarray(even));
        bytes = Buffer.from(data.subarray(0, even)).swap16();
      }
      const text = this.decoder.decode(bytes, { stream: true });
      if (text) this.push(Buffer.from(text, 'utf8'));
      done();
    } catch (err) {
      done(utf16Error(err, this.encoding));
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      const text = this.decoder.decode(this.carry);
      if (text) this.push(Buffer.from(text, 'utf8'));
      done();
    } catch (err) {
      done(utf16Error(err, this.encoding));
    }
  }
}

function utf16Error(err: unknown, encoding: Utf16Encoding): Error {
  return new Error(`the bytes are not valid ${encoding} (an odd trailing byte or a lone surrogate)`, { cause: err });
}

/** The first bytes of a UTF-16 file as UTF-8, for sniffing (lenient: a cut last character is dropped). */
export function utf16HeadToUtf8(head: Buffer, encoding: Utf16Encoding): Buffer {
  const even = head.subarray(0, head.length - (head.length % 2));
  const le = encoding === 'utf-16be' ? Buffer.from(even).swap16() : even;
  return Buffer.from(new TextDecoder('utf-16le').decode(le, { stream: true }), 'utf8');
}
