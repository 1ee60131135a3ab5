import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fileHoldsQuotedMarker, holdsQuotedMarker, type NullMarkerRewrite, NullMarkers } from './null-markers.ts';

const BASE: NullMarkerRewrite = { markers: ['NULL', '\\N'], delimiter: ',', quote: '"', lineEnd: 'lf', skipLines: 0, header: true, trim: false };

async function rewrite(input: string, options: Partial<NullMarkerRewrite> = {}, chunk = 3): Promise<string> {
  const bytes = Buffer.from(input, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const out: Buffer[] = [];
  for await (const c of Readable.from(parts).pipe(new NullMarkers({ ...BASE, ...options }))) out.push(c as Buffer);
  return Buffer.concat(out).toString('utf8');
}

describe('NullMarkers', () => {
  it('empties unquoted markers and quotes empty fields when "" is not a marker, across chunk boundaries', async () => {
    for (const chunk of [1, 2, 3, 64]) {
      expect(await rewrite('id,v,w\n1,NULL,\n2,\\N,""\n3,"NULL",null\n', {}, chunk)).toBe('id,v,w\n1,,""\n2,,""\n3,"NULL",null\n');
    }
  });

  it('leaves an empty field empty when "" is a marker, and a field longer than a marker alone', async () => {
    expect(await rewrite('a,b\nNULLX,\nxNULL,NULL\n', { markers: ['', 'NULL'] })).toBe('a,b\nNULLX,\nxNULL,\n');
  });

  it('keeps CRLF and lone-CR line ends, and a CR inside a field as data', async () => {
    expect(await rewrite('a,b\r\nNULL,\r\nx\ry,NULL\r\n', { lineEnd: 'crlf' })).toBe('a,b\r\n,""\r\nx\ry,\r\n');
    expect(await rewrite('a,b\rNULL,x\r', { lineEnd: 'cr' })).toBe('a,b\r,x\r');
  });

  it('leaves the preamble, the header, blank lines and a BOM alone', async () => {
    expect(await rewrite('\ufeffNULL,x\nNULL,\n', { header: false })).toBe('\ufeff,x\n,""\n');
    expect(await rewrite('title, NULL\nNULL,\\N\n\nNULL,y\n', { skipLines: 1 })).toBe('title, NULL\nNULL,\\N\n\n,y\n');
  });

  it('keeps quoted fields whole: delimiters, line ends and doubled quotes inside them', async () => {
    expect(await rewrite('a,b\n"x,\nNULL","say ""NULL"""\nNULL,"NULL"\n')).toBe('a,b\n"x,\nNULL","say ""NULL"""\n,"NULL"\n');
  });

  it('matches trimmed values with trimming on, and ends the last field without a line end', async () => {
    expect(await rewrite('a,b\n  NULL\t, NULL x\n1,NULL', { trim: true })).toBe('a,b\n, NULL x\n1,');
    expect(await rewrite('a,b\n  NULL\t,x\n', { trim: false })).toBe('a,b\n  NULL\t,x\n');
  });

  it('holds back little of a long field: the bytes come out unchanged', async () => {
    const long = 'x'.repeat(100_000);
    expect(await rewrite(`a\n${long}\n`, { trim: true }, 4096)).toBe(`a\n${long}\n`);
  });
});

describe('holdsQuotedMarker and fileHoldsQuotedMarker', () => {
  const holds = (text: string, markers: string[], trim = false) => holdsQuotedMarker(Buffer.from(text, 'utf8'), { markers, quote: '"', trim });

  it('finds a quoted marker (padded, with trimming on) and nothing else', () => {
    expect(holds('a,"NULL"', ['', 'NULL'])).toBe(true);
    expect(holds('a,"NÜLL"\n', ['NÜLL'])).toBe(true);
    expect(holds('a,NULL,"",NULL"', ['', 'NULL'])).toBe(false);
    expect(holds('a," NULL "', ['NULL'])).toBe(false);
    expect(holds('a," NULL\t"', ['NULL'], true)).toBe(true);
    expect(holds('a,"x"', [''])).toBe(false);
  });

  it('finds a match across the chunks of a file larger than one read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'null-markers-'));
    const path = join(dir, 'big.csv');
    const pad = 'x'.repeat(1024 * 1024 - 3);
    const r = { markers: ['NULL'], quote: '"', trim: false };
    writeFileSync(path, `${pad}"NULL"\n`);
    expect(await fileHoldsQuotedMarker(path, r)).toBe(true);
    writeFileSync(path, `${pad}NULL\n`);
    expect(await fileHoldsQuotedMarker(path, r)).toBe(false);
  });
});
