import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { filesGraph } from '../../testing/test-graphs.ts';
import { jsonMaxBytesOf } from './body-size-limit.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

const MiB = 1024 * 1024;

/** A body stream of `total` bytes that counts how many it was asked for. */
function counted(total: number, chunk = 64 * 1024) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (pulled >= total) return ctl.close();
      const n = Math.min(chunk, total - pulled);
      pulled += n;
      ctl.enqueue(new Uint8Array(n).fill(0x20));
    },
  });
  return { stream, pulled: () => pulled };
}

describe('JSON body limit (1 MiB by default)', () => {
  it('answers 413 to a 2 MiB JSON body declared by Content-Length, before reading a byte of it', async () => {
    const body = counted(2 * MiB);
    const res = await t.request('/api/graphs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(2 * MiB) },
      body: body.stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/larger than 1048576 bytes, the limit for POST \/api\/graphs \(SLUICE_JSON_MAX_BYTES\)/);
    expect(body.pulled()).toBeLessThanOrEqual(128 * 1024); // at most what the stream pre-fetches
  });

  it('cuts a chunked body where it passes the limit, without reading the rest', async () => {
    const body = counted(600 * MiB);
    const res = await t.request('/api/graphs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: body.stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThan(2 * MiB);
    expect((await t.call('GET', '/api/graphs')).body.total).toBe(0);
  });

  it('takes a body under the limit', async () => {
    const id = (await t.call('POST', '/api/graphs', { document: filesGraph() })).body.id;
    const res = await t.call('POST', `/api/graphs/${id}/runs`, { params: { note: 'x'.repeat(60_000) } });
    expect(res.status).toBe(202);
  });

  it('reads SLUICE_JSON_MAX_BYTES, refusing a value that is not a positive whole number', () => {
    expect(jsonMaxBytesOf(undefined)).toBe(MiB);
    expect(jsonMaxBytesOf('2048')).toBe(2048);
    expect(() => jsonMaxBytesOf('1e99')).toThrow(/SLUICE_JSON_MAX_BYTES: "1e99"/);
    expect(() => jsonMaxBytesOf('-1')).toThrow(/positive whole number/);
  });
});
