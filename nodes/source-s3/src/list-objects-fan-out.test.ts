import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3TestProxy } from '@sluice/testing/s3';
import { type ListedObject, type ListOptions, listObjects } from './list-objects.ts';
import { createS3Client } from './s3-client.ts';
import { sourceS3Config } from './source-s3-config.ts';
import { envSecrets, s3Fixture, type S3Fixture, S3_SETUP_TIMEOUT_MS, testAccess } from '../testing/s3-test-fixture.ts';

// Keys a listing must survive: a key named like a folder beside it, keys sorting just before and
// after a folder ('!' < '/' < '0'), '//', keys equal to prefixes, folder markers (with and without
// keys under them), spaces and URL-special characters, unicode whose UTF-16 and UTF-8 orders differ,
// deep trees, and a folder holding a single folder.
const hostile = [
  'h',
  'h/',
  'h/a',
  'h/a!',
  'h/a/',
  'h/a/x',
  'h/a/a/',
  'h/a/a/b.csv',
  'h/a//b',
  'h/a0',
  'h//x',
  'h//',
  'h/b/c/d/e.csv',
  'h/c/',
  'h/sp ace/+plus&amp;%25=?.csv',
  'h/\u00fc/\u00e9.csv',
  'h/\uff01',
  'h/\uff01/x',
  'h/\u{1F600}',
  'h/\u{1F600}/x',
  'h/\u{1F600}/\uff01/y',
  'h/z',
  'h/zz/',
  'hh/x',
  'one/only/deep/a.csv',
  'one/only/deep/b.csv',
  'flat/f00.csv',
];
// Many folders of different sizes, with objects between them, for small pages and many listings.
const many = [
  ...Array.from({ length: 60 }, (_, f) => Array.from({ length: (f * 7) % 5 }, (_, k) => `m/d${String(f).padStart(2, '0')}/k${k}.csv`)).flat(),
  ...Array.from({ length: 12 }, (_, i) => `m/d${String(i * 5).padStart(2, '0')}.csv`),
  'm/d20/',
  'm/e/',
];
const flat = Array.from({ length: 50 }, (_, i) => `flat/f${String(i).padStart(2, '0')}.csv`);
// W3's shape, smaller: 20 folders of 10 keys.
const w3 = Array.from({ length: 200 }, (_, i) => `w3/d${String(i % 20).padStart(2, '0')}/f${String(i).padStart(3, '0')}.csv`);

let fx: S3Fixture;
let proxy: S3TestProxy;

beforeAll(async () => {
  fx = await s3Fixture('fan-out');
  await fx.putMany(
    [...new Set([...hostile, ...many, ...flat, ...w3])].map((k) => [k, `x${k.length}`]),
    32,
  );
  proxy = await new S3TestProxy(fx.server.endpoint).start();
}, S3_SETUP_TIMEOUT_MS);
afterAll(async () => {
  await proxy?.stop();
  fx?.dispose();
});

async function client(endpoint = fx.server.endpoint): Promise<S3Client> {
  return createS3Client(sourceS3Config.parse(fx.config({}, endpoint)), { secrets: envSecrets, access: testAccess() });
}

/** What the listing gave before fanning out: one flat listing, page after page, folder markers left out. */
async function flatListing(c: S3Client, prefix: string): Promise<Array<Pick<ListedObject, 'key' | 'size' | 'etag'>>> {
  const out = [];
  let token: string | undefined;
  do {
    const res = await c.send(new ListObjectsV2Command({ Bucket: fx.bucket, Prefix: prefix || undefined, ContinuationToken: token }));
    for (const o of res.Contents ?? []) if (!o.Key!.endsWith('/')) out.push({ key: o.Key!, size: o.Size!, etag: o.ETag!.replaceAll('"', '') });
    token = res.IsTruncated ? res.NextContinuationToken : undefined;
  } while (token);
  return out;
}

async function fannedOut(c: S3Client, o: Omit<ListOptions, 'bucket'>) {
  const out = [];
  // Fanned out 8 ways unless the test says otherwise (the source's default is one flat listing).
  for await (const l of listObjects(c, { bucket: fx.bucket, concurrency: 8, ...o })) out.push({ key: l.key, size: l.size, etag: l.etag });
  return out;
}

/** A client that counts its ListObjectsV2 calls in flight, and the most at once. */
function countingInFlight(c: S3Client) {
  const seen = { now: 0, most: 0 };
  c.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'ListObjectsV2Command') return next(args);
      seen.most = Math.max(seen.most, ++seen.now);
      try {
        return await next(args);
      } finally {
        seen.now--;
      }
    },
    { step: 'initialize' },
  );
  return seen;
}

describe('listObjects fanned out over folders, against a real S3 server', () => {
  it('gives exactly the keys of a flat listing, once each and in its order, whatever the prefix, page size and concurrency', async () => {
    const c = await client();
    expect(hostile.length + many.length + flat.length).toBeGreaterThan(100);
    for (const prefix of ['', 'h', 'h/', 'h/a', 'h/a/', 'h//', 'h/\u{1F600}', 'one/', 'm/', 'm/d2', 'flat/', 'nothing/']) {
      const expected = await flatListing(c, prefix);
      // Page sizes 1 and 3 put page ends inside and between folders everywhere; 1,000 is S3's.
      // Concurrency 1 (the flat listing, the default) once: it is one code path whatever the page.
      for (const pageSize of [1, 3, 1000]) {
        for (const concurrency of pageSize === 3 ? [1, 3, 8] : [3, 8]) {
          const got = await fannedOut(c, { prefix, pageSize, concurrency });
          // toEqual on the lists: a key missing, repeated or out of place fails, naming the case.
          expect({ prefix, pageSize, concurrency, keys: got }).toEqual({ prefix, pageSize, concurrency, keys: expected });
        }
      }
    }
    // The flat listing is the order S3 gives: UTF-8 bytes, not JavaScript's (UTF-16) order.
    const all = (await flatListing(c, 'h/')).map((o) => o.key);
    expect(all.indexOf('h/\uff01')).toBeLessThan(all.indexOf('h/\u{1F600}'));
    expect(all.slice(0, 4)).toEqual(['h//x', 'h/a', 'h/a!', 'h/a//b']);
    c.destroy();
  }, 120_000);

  it('lists the folders several at once, and a prefix without folders with the requests of a flat listing', async () => {
    const c = await client(proxy.endpoint);
    const inFlight = countingInFlight(c);
    proxy.resetCounts();
    expect(await fannedOut(c, { prefix: 'flat/', pageSize: 7 })).toHaveLength(50);
    expect(proxy.counts.ListObjectsV2).toBe(Math.ceil(50 / 7)); // as flat: the delimiter listing gives the keys
    expect(inFlight.most).toBeLessThanOrEqual(2);

    proxy.resetCounts();
    inFlight.most = 0;
    const pages: Array<{ number: number; objects: number }> = [];
    const got = await fannedOut(c, { prefix: 'm/', pageSize: 1000, concurrency: 4, onPage: (p) => pages.push(p) });
    expect(got.map((o) => o.key)).toEqual(many.filter((k) => !k.endsWith('/')).sort());
    expect(inFlight.most).toBeGreaterThan(1);
    expect(inFlight.most).toBeLessThanOrEqual(4 + 1);
    // Every page taken is told once, in order, with the keys it gave (markers m/d20/ and m/e/ among them).
    expect(pages.map((p) => p.number)).toEqual(pages.map((_, i) => i + 1));
    expect(pages.reduce((n, p) => n + p.objects, 0)).toBe(many.length);
    expect(pages.length).toBe(proxy.counts.ListObjectsV2);

    // listConcurrency 1: one flat listing, a request per page, folders or not.
    proxy.resetCounts();
    inFlight.most = 0;
    expect((await fannedOut(c, { prefix: 'm/', pageSize: 20, concurrency: 1 })).map((o) => o.key)).toEqual(got.map((o) => o.key));
    expect(proxy.counts.ListObjectsV2).toBe(Math.ceil(many.length / 20));
    expect(inFlight.most).toBe(1);
    c.destroy();
  });

  it("lists W3's shape with one folder first, then listings of folders filling ~90% of a page", async () => {
    const c = await client(proxy.endpoint);
    proxy.resetCounts();
    expect((await fannedOut(c, { prefix: 'w3/', pageSize: 30 })).map((o) => o.key)).toEqual([...w3].sort());
    // The delimiter page, d00 alone (10 keys), then 2 folders (20 keys) a listing: 1 + 1 + 10, where a flat listing takes 7.
    expect(proxy.counts.ListObjectsV2).toBe(12);
    c.destroy();
  });

  it('descends into a prefix holding a single folder, one request a level', async () => {
    const c = await client(proxy.endpoint);
    proxy.resetCounts();
    expect((await fannedOut(c, { prefix: 'one/', pageSize: 1000 })).map((o) => o.key)).toEqual(['one/only/deep/a.csv', 'one/only/deep/b.csv']);
    expect(proxy.counts.ListObjectsV2).toBe(3); // one/, one/only/, one/only/deep/
    c.destroy();
  });

  it('stops listing when the consumer stops early, leaving no request failing unhandled', async () => {
    const c = await client(proxy.endpoint);
    const inFlight = countingInFlight(c);
    const got: string[] = [];
    for await (const o of listObjects(c, { bucket: fx.bucket, prefix: 'm/', pageSize: 2, concurrency: 8 })) {
      got.push(o.key);
      if (got.length === 3) break;
    }
    expect(got).toEqual(
      many
        .filter((k) => !k.endsWith('/'))
        .sort()
        .slice(0, 3),
    );
    // The listings started ahead are aborted (an unhandled rejection would fail this test file).
    await new Promise((r) => setTimeout(r, 300));
    expect(inFlight.now).toBe(0);
    c.destroy();
  });

  it('honours the abort signal: the listing fails with the abort, and nothing is left unhandled', async () => {
    const c = await client(proxy.endpoint);
    const inFlight = countingInFlight(c);
    const abort = new AbortController();
    const got: string[] = [];
    const run = async () => {
      for await (const o of listObjects(c, { bucket: fx.bucket, prefix: 'm/', pageSize: 2, concurrency: 8, signal: abort.signal })) {
        got.push(o.key);
        if (got.length === 5) abort.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
    expect(got).toHaveLength(5);
    await new Promise((r) => setTimeout(r, 300));
    expect(inFlight.now).toBe(0);
    c.destroy();
  });
});
