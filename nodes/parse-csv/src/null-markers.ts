import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const BOM = [0xef, 0xbb, 0xbf];

export interface NullMarkerRewrite {
  /** The null markers, `""` included when an empty unquoted field is null. */
  markers: readonly string[];
  delimiter: string;
  quote: string;
  /** `cr` when a lone CR ends a line; otherwise LF does (a CR before it belongs to the line end). */
  lineEnd: 'lf' | 'crlf' | 'cr';
  /** Lines of preamble left as they are. */
  skipLines: number;
  /** The first record names the columns and is left as it is. */
  header: boolean;
  /** Markers match an unquoted field's value with its leading and trailing spaces and tabs removed. */
  trim: boolean;
}

/**
 * Whether bytes hold a quoted field that polars would take for a null marker (`quote`, the marker,
 * `quote`; spaces and tabs around the marker too when trimming): polars matches its null values
 * against a field's text after removing the quotes, where a quoted `"NULL"` is text written on
 * purpose (PostgreSQL COPY and DuckDB keep it). A match may be a false alarm (`"say ""NULL"""`):
 * the rewrite is then done for nothing, never wrongly.
 */
export function holdsQuotedMarker(bytes: Buffer, r: Pick<NullMarkerRewrite, 'markers' | 'quote' | 'trim'>): boolean {
  const quote = Buffer.from(r.quote, 'utf8')[0]!;
  const quotedAt = (start: number, end: number): boolean => {
    let s = start - 1;
    let e = end;
    while (r.trim && s >= 0 && isSpace(bytes[s]!)) s--;
    while (r.trim && e < bytes.length && isSpace(bytes[e]!)) e++;
    return s >= 0 && bytes[s] === quote && bytes[e] === quote;
  };
  for (const marker of r.markers) {
    if (marker === '') continue;
    const m = Buffer.from(marker, 'utf8');
    for (let i = bytes.indexOf(m); i >= 0; i = bytes.indexOf(m, i + 1)) if (quotedAt(i, i + m.length)) return true;
  }
  return false;
}

/**
 * holdsQuotedMarker over the file at `path`, read in chunks with an overlap so that a match across
 * two chunks is found (a trimmed marker padded with more spaces than the overlap is not).
 */
export async function fileHoldsQuotedMarker(path: string, r: Pick<NullMarkerRewrite, 'markers' | 'quote' | 'trim'>, signal?: AbortSignal): Promise<boolean> {
  const OVERLAP = 4096 + Math.max(...r.markers.map((m) => Buffer.byteLength(m)));
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024, signal })) {
    const bytes = tail.length ? Buffer.concat([tail, chunk as Buffer]) : (chunk as Buffer);
    if (holdsQuotedMarker(bytes, r)) return true;
    tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - OVERLAP)));
  }
  return false;
}

/**
 * Applies the null markers to unquoted fields only, in the bytes, so that polars (given no null
 * values of its own) can tell them from quoted text: an unquoted field equal to a marker becomes an
 * empty unquoted field, which polars reads as null, and an empty unquoted field becomes `""` (an
 * empty string) when `""` is not a marker. Every other byte passes unchanged, and the preamble and
 * header are left alone. Memory is bounded: an unquoted field is held back only while it can still
 * be a marker. Works on UTF-8 with doubled quotes (after any other rewrite), whose ASCII bytes are
 * never part of a multi-byte character.
 */
export class NullMarkers extends Transform {
  private readonly markers: Buffer[];
  private readonly emptyIsNull: boolean;
  private readonly longest: number;
  private readonly delim: number;
  private readonly quote: number;
  private readonly lineEndByte: number;
  /** Raw lines of preamble still to pass. */
  private preamble: number;
  /** The header record is still passing. */
  private inHeader: boolean;
  /** Bytes of a UTF-8 byte-order mark seen at the start of the file, or -1 once past the start. */
  private bom = 0;
  private state: 'start' | 'quoted' | 'afterQuoted' | 'unquoted' | 'plain' = 'start';
  /** The record has a field before the current one (a line with no delimiter and no byte is blank). */
  private fieldsBefore = 0;
  /** The unquoted field so far, while it can still be a marker. */
  private held: number[] = [];
  /** Spaces and tabs at the start of `held` (all of it while it is blank) and at its end. */
  private lead = 0;
  private trail = 0;
  /** A CR outside quotes, held back: the first byte of a CRLF line end, or data. */
  private pendingCr = false;

  constructor(private readonly r: NullMarkerRewrite) {
    super();
    this.markers = r.markers.filter((m) => m !== '').map((m) => Buffer.from(m, 'utf8'));
    this.emptyIsNull = r.markers.includes('');
    this.longest = Math.max(0, ...this.markers.map((m) => m.length));
    this.delim = Buffer.from(r.delimiter, 'utf8')[0]!;
    this.quote = Buffer.from(r.quote, 'utf8')[0]!;
    this.lineEndByte = r.lineEnd === 'cr' ? CR : LF;
    this.preamble = r.skipLines;
    this.inHeader = r.header;
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
    const src = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const out = new Out(src.length * 3 + this.held.length + 16);
    for (const b of src) this.step(b, out);
    done(null, out.bytes());
  }

  override _flush(done: TransformCallback): void {
    const out = new Out(this.held.length + 16);
    if (this.bom > 0) out.push(...BOM.slice(0, this.bom));
    // The last record may end without a line end: its last field ends here.
    if (this.state !== 'start' || this.fieldsBefore > 0) this.endField(out);
    if (this.pendingCr) out.push(CR);
    done(null, out.bytes());
  }

  private step(b: number, out: Out): void {
    if (this.bom >= 0) {
      // A UTF-8 byte-order mark is not part of the first field.
      if (b === BOM[this.bom]) {
        if (++this.bom === BOM.length) {
          out.push(...BOM);
          this.bom = -1;
        }
        return;
      }
      out.push(...BOM.slice(0, this.bom));
      this.bom = -1;
    }
    if (this.preamble > 0) {
      out.push(b);
      if (b === this.lineEndByte) this.preamble--;
      return;
    }
    if (this.pendingCr) {
      this.pendingCr = false;
      if (b === LF) {
        this.endRecord(out, [CR, LF]);
        return;
      }
      this.content(CR, out);
    }
    if (this.state === 'quoted') {
      out.push(b);
      if (b === this.quote) this.state = 'afterQuoted';
    } else if (b === CR && this.r.lineEnd !== 'cr') this.pendingCr = true;
    else if (b === this.delim) {
      this.endField(out);
      out.push(b);
      this.fieldsBefore++;
    } else if (b === this.lineEndByte) this.endRecord(out, [b]);
    else this.content(b, out);
  }

  private endRecord(out: Out, lineEnd: number[]): void {
    // A blank line is left as it is (not turned into a record of one empty string).
    if (this.state !== 'start' || this.fieldsBefore > 0) this.endField(out);
    out.push(...lineEnd);
    this.fieldsBefore = 0;
    this.inHeader = false;
  }

  /** A byte of a field outside quotes (or the quote that opens a field). */
  private content(b: number, out: Out): void {
    switch (this.state) {
      case 'start':
        if (b === this.quote) {
          out.push(b);
          this.state = 'quoted';
          return;
        }
        this.state = 'unquoted';
        this.held = [];
        this.lead = 0;
        this.trail = 0;
        this.hold(b, out);
        return;
      case 'afterQuoted':
        // A doubled quote goes back inside the field; anything else after the closing quote is data.
        out.push(b);
        if (b === this.quote) this.state = 'quoted';
        return;
      case 'unquoted':
        this.hold(b, out);
        return;
      default:
        out.push(b);
    }
  }

  private hold(b: number, out: Out): void {
    this.held.push(b);
    if (this.r.trim && isSpace(b)) {
      if (this.lead === this.held.length - 1) this.lead++;
      else this.trail++;
    } else this.trail = 0;
    if (!this.inHeader) {
      // Held while it can still be a marker: no longer than the longest, plus spaces around it when
      // trimming (up to a bound, so that memory stays bounded whatever the field).
      const core = this.held.length - this.lead - this.trail;
      if (core <= this.longest && this.held.length <= this.longest + MAX_PADDING) return;
    }
    out.push(...this.held);
    this.held = [];
    this.state = 'plain';
  }

  /** The end of a field: an unquoted marker goes (null), an empty unquoted field becomes `""` when that is not a marker. */
  private endField(out: Out): void {
    if (this.state === 'start' && !this.inHeader && !this.emptyIsNull) out.push(this.quote, this.quote);
    else if (this.state === 'unquoted') {
      const value = Buffer.from(this.held.slice(this.lead, this.held.length - this.trail));
      const isMarker = (value.length === 0 && this.emptyIsNull) || this.markers.some((m) => m.equals(value));
      // A marker becomes an empty unquoted field: null for polars.
      if (!isMarker || this.inHeader) out.push(...this.held);
    }
    this.held = [];
    this.state = 'start';
  }
}

/** Spaces and tabs around a marker that are still matched with trimming; a field padded with more is text. */
const MAX_PADDING = 64 * 1024;

const isSpace = (b: number) => b === SPACE || b === TAB;

/** Output bytes of one chunk, in a buffer sized for the worst case (every field gaining `""`). */
class Out {
  private readonly buf: Buffer;
  private o = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  push(...bytes: number[]): void {
    for (const b of bytes) this.buf[this.o++] = b;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.o);
  }
}
