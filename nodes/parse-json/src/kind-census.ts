import { loneSurrogates } from './lone-surrogates.ts';
import type { ShapeOptions } from './shape-options.ts';

/*
 * Kinds of JSON value seen at one path (object keys, and a marker for "element of an array"), as
 * bits. Polars' JSON reader merges the kinds it finds at one path into one column type, and some
 * merges change values without a word (nodejs-polars 0.25.2): a boolean among numbers becomes 1 or
 * 0 (`[1,true]` -> `[1,1]`; `{"v":1}` then `{"v":true}` -> 1, 1), a number or boolean among strings
 * becomes a string (`[1,"a"]` -> `["1","a"]`, which as JSON text is another value), a wide integer
 * among floats loses digits.
 */
const NULL = 1;
const BOOL = 2;
const INT = 4;
/** An integer of 16 digits or more: exact in Int64, not in the Float64 it is merged into with floats. */
const WIDE_INT = 8;
const FLOAT = 16;
const STRING = 32;
const OBJECT = 64;
const ARRAY = 128;
/** The path's values end up inside JSON text (an array under `arrays: json`, or below maxDepth). */
const IN_TEXT = 256;
/**
 * A float whose decimal exponent is outside -4..14 (below 0.0001 or from 10^15 on, zero aside):
 * polars and DuckDB spell such doubles differently (`0.00001` / `1e-05`; in JSON text `1e+20` /
 * `100000000000000000000.0`). Within the range both write the same shortest digits (duckdb-plan.ts).
 */
const FLOAT_EXPONENT = 512;

/** The kind bits of a place, for readers of the census's places (duckdb-plan.ts). */
export const KIND = { NULL, BOOL, INT, WIDE_INT, FLOAT, STRING, OBJECT, ARRAY, FLOAT_EXPONENT } as const;

const NUMBER = INT | WIDE_INT | FLOAT;
const SCALAR = BOOL | NUMBER | STRING;

/** True when polars, given values of the kinds in `m` at one path, would change one of them. */
function coerces(m: number): boolean {
  if (m & BOOL && m & NUMBER) return true;
  if (m & IN_TEXT && m & STRING && m & (BOOL | NUMBER)) return true;
  if (m & WIDE_INT && m & FLOAT) return true;
  // An object, an array and a scalar at one path: polars fails (in memory) or fails later (a lazy scan).
  return (m & OBJECT ? 1 : 0) + (m & ARRAY ? 1 : 0) + (m & SCALAR ? 1 : 0) > 1;
}

const SPACE = new Uint8Array(256);
for (const b of [0x20, 0x09, 0x0a, 0x0d, 0x3a]) SPACE[b] = 1; // whitespace and ':' carry nothing here (',' is noted: a trailing one is not JSON)
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL_WORD = Buffer.from('null');
const NUMBER_BYTE = new Uint8Array(256);
for (const b of '0123456789+-.eE') NUMBER_BYTE[b.charCodeAt(0)] = 1;

/** One place in the records: an object field (by key) or an array's elements, with the kinds seen there. */
export interface Place {
  kinds: number;
  /** Field depth of a value here (a record's own fields are 0; -1 for the record itself). */
  depth: number;
  /** A value here lands inside JSON text. */
  text: boolean;
  /** An object's fields, by key bytes (escapes decoded), in the order first seen. */
  keys?: Buffer[];
  fields?: Place[];
  /** Where the next key is looked for first: records of one schema repeat their keys in order. */
  cursor: number;
  /** Objects seen here. */
  objects: number;
  /** The serial number of the object this field was last seen in, to find a key repeated in one object. */
  seenIn: number;
  element?: Place;
}

function place(depth: number, text: boolean): Place {
  return { kinds: 0, depth, text, cursor: 0, objects: 0, seenIn: 0 };
}

/**
 * Which kinds of value each place of a JSON file holds, found by one pass over the bytes (no
 * parse, no decoding beyond object keys), so that a file whose kinds polars would merge lossily
 * goes the JavaScript way instead, where every value keeps its kind. Also notes number literals
 * polars cannot land as written: `-0`, an integer beyond 18 digits, more than 17 significant digits;
 * and lone surrogate escapes (`"\ud800"`), which polars reads as U+0000.
 *
 * `scan` takes whole records: one JSON document (an array of records, or one record) or complete
 * JSON Lines; it can be called again with more lines (a large file read in pieces). The bytes are
 * assumed to be JSON; on broken input the census is merely incomplete (the parser reports it).
 */
export class KindCensus {
  private readonly recordPlace = place(-1, false);
  /** A value polars cannot hold as written: a number (see numberKind) or a lone surrogate escape. */
  private lossyNumber = false;
  private missingKey = false;
  private keyOrder = false;
  private notJsonAt = -1;
  private recordCount = 0;
  /** The index of the key `field` found last among its place's keys. */
  private fieldIndex = 0;
  private repeated = 0;
  private serial = 0;
  private readonly maxDepth: number;
  private readonly textArrays: boolean;

  constructor(opts: ShapeOptions) {
    this.maxDepth = opts.maxDepth;
    this.textArrays = opts.arrays === 'json';
  }

  /**
   * True when an object that lands as JSON text (inside an array, or below maxDepth) lacks a key
   * another object at its place has: polars' struct encoding would write that key with `null`.
   */
  get keyMissingInText(): boolean {
    return this.missingKey;
  }

  /**
   * True when an object that lands as JSON text has its keys in another order than the first
   * objects at its place: polars writes them in that first order, DuckDB as written.
   */
  get keyOrderInText(): boolean {
    return this.keyOrder;
  }

  /**
   * The offset (within the bytes scanned last) of a byte where no JSON value may start, or of a
   * trailing comma; -1 when none was seen. Readers differ on such bytes: polars and JSON.parse
   * refuse `NaN`, `Infinity` and `{"a":1,}`, DuckDB reads them.
   */
  get notJson(): number {
    return this.notJsonAt;
  }

  /** Top-level objects (records) seen. */
  get records(): number {
    return this.recordCount;
  }

  /** The records' own place: its `fields` are the records' fields, by `keys`, in the order first seen. */
  get root(): Readonly<Place> {
    return this.recordPlace;
  }

  /** Keys repeated within one object: JSON.parse keeps the last value, polars the first; one is lost. */
  get repeatedKeys(): number {
    return this.repeated;
  }

  /** True when landing the records scanned so far through polars would change a kind or a number. */
  get coerced(): boolean {
    if (this.lossyNumber || this.repeated) return true;
    const todo = [this.recordPlace];
    for (let p = todo.pop(); p; p = todo.pop()) {
      if (coerces(p.kinds | (p.text ? IN_TEXT : 0))) return true;
      if (p.fields) todo.push(...p.fields);
      if (p.element) todo.push(p.element);
    }
    return false;
  }

  /** The place of the field of an object at `at` whose key is the string at `start`..`end` (quotes included). */
  private field(at: Place, buf: Buffer, start: number, end: number): Place {
    const keys = (at.keys ??= []);
    const fields = (at.fields ??= []);
    let from = start + 1;
    let to = end - 1;
    if (hasBackslash(buf, from, to)) {
      buf = unescapedKey(buf, start, end);
      from = 0;
      to = buf.length;
    }
    for (let k = 0, j = at.cursor; k < keys.length; k++, j = j + 1 < keys.length ? j + 1 : 0) {
      if (sameBytes(keys[j]!, buf, from, to)) {
        at.cursor = j + 1 < keys.length ? j + 1 : 0;
        this.fieldIndex = j;
        return fields[j]!;
      }
    }
    const text = at.text || at.depth >= this.maxDepth;
    // A key new to a place whose objects are JSON text: the objects seen before lacked it.
    if (text && at.objects > 1) this.missingKey = true;
    const f = place(at.depth + 1, text);
    keys.push(Buffer.from(buf.subarray(from, to)));
    fields.push(f);
    at.cursor = 0;
    this.fieldIndex = keys.length - 1;
    return f;
  }

  scan(buf: Buffer): void {
    // A lone surrogate escape: polars would read it as U+0000; the JavaScript way keeps it visible (U+FFFD).
    if (!this.lossyNumber && loneSurrogates(buf)) this.lossyNumber = true;
    // The open objects and arrays; for an object, the place of the value after the key just read.
    const open: Place[] = [];
    const isObject: boolean[] = [];
    const next: (Place | undefined)[] = [];
    const keyCount: number[] = [];
    const serials: number[] = [];
    /** For an open object kept as JSON text: the index of its last key among its place's keys. */
    const lastKey: number[] = [];
    let records = false; // inside a document's top-level array, whose elements are records
    let comma = false; // the last token was a comma
    const n = buf.length;
    let i = 0;
    while (i < n) {
      const b = buf[i]!;
      if (SPACE[b]) {
        i++;
        continue;
      }
      if (b === 0x2c) {
        comma = true;
        i++;
        continue;
      }
      const afterComma = comma;
      comma = false;
      const top = open.length - 1;
      if (b === 0x7d || b === 0x5d) {
        // '}' or ']'
        if (afterComma) this.notJsonHere(i);
        if (top >= 0) {
          const closed = open.pop()!;
          // An object kept as JSON text with fewer keys than its place has seen lacks one.
          if (isObject.pop() && keyCount[top]! < (closed.keys?.length ?? 0) && (closed.text || closed.depth >= this.maxDepth)) this.missingKey = true;
          next.pop();
          keyCount.pop();
          serials.pop();
          lastKey.pop();
        } else records = false;
        i++;
        continue;
      }
      let at: Place | undefined;
      if (top < 0) at = this.recordPlace;
      else if (!isObject[top]) {
        const arr = open[top]!;
        at = arr.element ??= place(arr.depth, arr.text || this.textArrays);
      } else if (next[top]) {
        at = next[top];
        next[top] = undefined;
      } else if (b === 0x22) {
        // An object key.
        const end = stringEnd(buf, i);
        const obj = open[top]!;
        const f = this.field(obj, buf, i, end);
        if (f.seenIn === serials[top]) this.repeated++;
        f.seenIn = serials[top]!;
        next[top] = f;
        keyCount[top] = keyCount[top]! + 1;
        // Keys of an object kept as JSON text in another order than its place's: polars reorders them.
        if (obj.text || obj.depth >= this.maxDepth) {
          if (this.fieldIndex < lastKey[top]!) this.keyOrder = true;
          lastKey[top] = this.fieldIndex;
        }
        i = end;
        continue;
      } else {
        this.notJsonHere(i); // not JSON: leave it to the parser
        i++;
        continue;
      }
      if (b === 0x7b) {
        if (at !== this.recordPlace) at.kinds |= OBJECT;
        else this.recordCount++;
        at.objects++;
        open.push(at);
        isObject.push(true);
        next.push(undefined);
        keyCount.push(0);
        serials.push(++this.serial);
        lastKey.push(-1);
        i++;
      } else if (b === 0x5b) {
        if (top < 0 && !records) records = true;
        else {
          at.kinds |= ARRAY;
          open.push(at);
          isObject.push(false);
          next.push(undefined);
          keyCount.push(0);
          serials.push(0);
          lastKey.push(-1);
        }
        i++;
      } else if (b === 0x22) {
        i = stringEnd(buf, i);
        at.kinds |= STRING;
      } else if (NUMBER_BYTE[b]) {
        let end = i + 1;
        while (end < n && NUMBER_BYTE[buf[end]!]) end++;
        // A number starts with a digit or '-' and a digit ('-Infinity', '+1' and '.5' are not JSON).
        const digit = b === 0x2d ? buf[i + 1]! : b;
        if (digit < 0x30 || digit > 0x39) this.notJsonHere(i);
        at.kinds |= this.numberKind(buf, i, end);
        i = end;
      } else if (b === 0x74 || b === 0x66 || b === 0x6e) {
        const word = b === 0x74 ? TRUE : b === 0x66 ? FALSE : NULL_WORD;
        if (!sameBytes(word, buf, i, i + word.length)) this.notJsonHere(i); // `nan`, `nul`...
        at.kinds |= b === 0x6e ? NULL : BOOL;
        i += word.length;
      } else {
        this.notJsonHere(i); // `NaN`, `Infinity`, `'a'`...
        i++;
      }
    }
  }

  private notJsonHere(at: number): void {
    if (this.notJsonAt < 0) this.notJsonAt = at;
  }

  /** INT, WIDE_INT or FLOAT (with FLOAT_EXPONENT); notes a literal polars would not land as written. */
  private numberKind(buf: Buffer, start: number, end: number): number {
    let digits = 0;
    let significant = 0;
    let trailingZeros = 0;
    let float = false;
    /** Digits before the point, and the position of the first significant digit among all the digits. */
    let intDigits = -1;
    let firstSignificant = -1;
    let exponent = 0;
    for (let i = start; i < end; i++) {
      const b = buf[i]!;
      if (b === 0x2e) {
        float = true;
        intDigits = digits;
      } else if (b === 0x65 || b === 0x45) {
        float = true;
        exponent = exponentOf(buf, i + 1, end);
        break; // the exponent's digits are not significant
      } else if (b >= 0x30 && b <= 0x39) {
        digits++;
        if (significant || b !== 0x30) {
          if (!significant) firstSignificant = digits - 1;
          significant++;
          trailingZeros = b === 0x30 ? trailingZeros + 1 : 0;
        }
      }
    }
    if (float) {
      if (significant - trailingZeros > 17) this.lossyNumber = true;
      if (!significant) return FLOAT; // a zero
      // The power of ten of the first significant digit: 123.4 -> 2, 0.00012 -> -4, 1e-5 -> -5.
      const power = (intDigits < 0 ? digits : intDigits) - firstSignificant - 1 + exponent;
      return power < -4 || power > 14 ? FLOAT | FLOAT_EXPONENT : FLOAT;
    }
    if (digits > 18 || (buf[start] === 0x2d && significant === 0)) this.lossyNumber = true; // beyond Int64, or -0
    return digits >= 16 ? WIDE_INT : INT;
  }
}

/** The exponent written in `start`..`end` (after the `e`), capped far beyond any double's. */
function exponentOf(buf: Buffer, start: number, end: number): number {
  let i = start;
  const negative = buf[i] === 0x2d;
  if (negative || buf[i] === 0x2b) i++;
  let e = 0;
  for (; i < end && e < 100_000; i++) e = e * 10 + (buf[i]! - 0x30);
  return negative ? -e : e;
}

/** The index just past the string that starts at `start` (its opening quote). */
function stringEnd(buf: Buffer, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = buf.indexOf(0x22, i);
    if (q < 0) return buf.length;
    // The quote is escaped when an odd number of backslashes precede it.
    let slashes = 0;
    while (buf[q - 1 - slashes] === 0x5c) slashes++;
    if (slashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}

function hasBackslash(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] === 0x5c) return true;
  return false;
}

function sameBytes(key: Buffer, buf: Buffer, from: number, to: number): boolean {
  if (key.length !== to - from) return false;
  for (let i = 0; i < key.length; i++) if (key[i] !== buf[from + i]) return false;
  return true;
}

/** A key with escapes as the UTF-8 bytes it stands for, so that `"\u0061"` and `"a"` are one key. */
function unescapedKey(buf: Buffer, start: number, end: number): Buffer {
  try {
    return Buffer.from(JSON.parse(buf.toString('utf8', start, end)) as string, 'utf8');
  } catch {
    return buf.subarray(start + 1, end - 1);
  }
}
