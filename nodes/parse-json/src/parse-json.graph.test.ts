import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bronzeRows, landJson } from './testing/land-json.ts';

function inputDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parse-json-graph-'));
  mkdirSync(dir, { recursive: true });
  const deep = { id: 1, order: { customer: { address: { geo: { lat: 52.5, lng: 13.4 }, city: 'Berlin' } } }, tags: ['a', 'b'] };
  writeFileSync(join(dir, 'nested.json'), JSON.stringify([deep, { id: 'X-2', order: null, tags: [] }], null, 2));
  writeFileSync(join(dir, 'events.jsonl'), '{"n":1,"ok":true}\n{"n":"n/a","ok":false}\n{"n":2.5,"extra":{"k":"v"}}\n');
  writeFileSync(join(dir, 'bad.jsonl'), '{"a":1}\n{"a":2,\n{"a":3}\n');
  writeFileSync(join(dir, 'invalid.json'), '[{"a":1},\n {"a": }]');
  writeFileSync(
    join(dir, 'api.json'),
    JSON.stringify({
      page: 1,
      data: [
        { sku: 'p1', qty: 2 },
        { sku: 'p2', qty: 1 },
      ],
    }),
  );
  return dir;
}

const run = landJson;

describe('parse-json into Bronze', () => {
  it('lands nested JSON flattened and JSONL with mixed types as text; broken files fail alone, named with their cause', async () => {
    const dir = inputDir();
    const { summary, dataDir } = await run(dir, ['nested.json', 'events.jsonl', 'bad.jsonl', 'invalid.json'], {});
    expect(summary.files).toEqual({ processed: 2, skipped: 0, failed: 2 });
    const errors = summary.errors.map((e) => e.message).join('\n');
    expect(errors).toMatch(/bad\.jsonl: malformed JSON Lines at line 2: /);
    expect(errors).toMatch(/invalid\.json: invalid JSON at line 2, column \d+: /);

    expect(bronzeRows(dataDir, 'nested.json')).toEqual([
      { id: '1', order_customer_address_geo_lat: '52.5', order_customer_address_geo_lng: '13.4', order_customer_address_city: 'Berlin', tags: '["a","b"]' },
      { id: 'X-2', tags: '[]' },
    ]);
    expect(bronzeRows(dataDir, 'events.jsonl')).toEqual([
      { n: '1', ok: 'true' },
      { n: 'n/a', ok: 'false' },
      { n: '2.5', extra_k: 'v' },
    ]);
  });

  it('keeps deeper objects as JSON text below maxDepth', async () => {
    const dir = inputDir();
    const { summary, dataDir } = await run(dir, ['nested.json'], { maxDepth: 2 });
    expect(summary.files.processed).toBe(1);
    expect(bronzeRows(dataDir, 'nested.json')[0]).toEqual({
      id: '1',
      order_customer_address: '{"geo":{"lat":52.5,"lng":13.4},"city":"Berlin"}',
      tags: '["a","b"]',
    });
  });

  it('skips a bad JSONL line and counts it in a warning', async () => {
    const dir = inputDir();
    const { summary, dataDir } = await run(dir, ['bad.jsonl'], { badLines: 'skip' });
    expect(summary.files).toEqual({ processed: 1, skipped: 0, failed: 0 });
    expect(summary.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/skipped 1 malformed line \(first at line 2: /)]);
    expect(bronzeRows(dataDir, 'bad.jsonl')).toEqual([{ a: '1' }, { a: '3' }]);
  });

  it('rescues a bad JSONL line into _rescued_data', async () => {
    const dir = inputDir();
    const { summary, dataDir } = await run(dir, ['bad.jsonl'], { badLines: 'rescue' });
    expect(summary.files.processed).toBe(1);
    expect(bronzeRows(dataDir, 'bad.jsonl')).toEqual([{ a: '1' }, { _rescued_data: '{"a":2,' }, { a: '3' }]);
  });

  it('explodes arrays into rows and infers types when asked', async () => {
    const dir = inputDir();
    const { summary, dataDir } = await run(dir, ['api.json'], { arrays: 'explode', types: 'infer' });
    expect(summary.files.processed).toBe(1);
    expect(bronzeRows(dataDir, 'api.json')).toEqual([
      { page: 1, data_sku: 'p1', data_qty: 2 },
      { page: 1, data_sku: 'p2', data_qty: 1 },
    ]);
  });

  it('reads a file as the configured format, with the configured separator', async () => {
    const dir = inputDir();
    // One object per line in a file named .json: forced to JSON Lines, nested names joined with ".".
    const { summary, dataDir } = await run(dir, ['api.json'], { format: 'jsonl', separator: '.' });
    expect(summary.files.processed).toBe(1);
    expect(bronzeRows(dataDir, 'api.json')).toEqual([{ page: '1', data: '[{"sku":"p1","qty":2},{"sku":"p2","qty":1}]' }]);
    const nested = await run(dir, ['events.jsonl'], { format: 'jsonl', separator: '.' });
    expect(bronzeRows(nested.dataDir, 'events.jsonl')[2]).toEqual({ n: '2.5', 'extra.k': 'v' });
  });

  it('scans large JSON Lines lazily into Bronze (threshold lowered), and still applies the bad-line policy', async () => {
    const dir = inputDir();
    const { summary, dataDir } = await run(dir, ['events.jsonl', 'bad.jsonl'], { scanAboveMiB: 0, badLines: 'rescue' });
    expect(summary.files.processed).toBe(2);
    // Only the file that went the in-memory way (bad.jsonl, 3 records) counts rows in the parse
    // node: a lazy scan's rows are counted by the sink that streams them.
    expect(summary.nodes.parse!.rowsIn).toBe(3);
    expect(bronzeRows(dataDir, 'events.jsonl')).toEqual([
      { n: '1', ok: 'true' },
      { n: 'n/a', ok: 'false' },
      { n: '2.5', extra_k: 'v' },
    ]);
    expect(bronzeRows(dataDir, 'bad.jsonl')).toEqual([{ a: '1' }, { _rescued_data: '{"a":2,' }, { a: '3' }]);
  });

  it('lands a field that is an object in one line and a scalar in another in the same shape at any size (issue 15 class 8)', async () => {
    const dir = inputDir();
    writeFileSync(join(dir, 'shape.jsonl'), '{"id":1,"v":1,"a":[1,"a"]}\n{"id":2,"v":{"x":2},"a":[true]}\n{"id":3,"v":"s","a":[]}\n');
    const expected = [
      { id: '1', v: '1', a: '[1,"a"]' },
      { id: '2', v_x: '2', a: '[true]' },
      { id: '3', v: 's', a: '[]' },
    ];
    const small = await run(dir, ['shape.jsonl', 'events.jsonl'], {});
    expect(small.summary.errors).toEqual([]);
    expect(bronzeRows(small.dataDir, 'shape.jsonl')).toEqual(expected);
    // Above the threshold: the file whose kinds polars cannot take is read in memory (its 3 rows are
    // counted by the parse node), the clean one is still scanned lazily (its rows are not).
    const large = await run(dir, ['shape.jsonl', 'events.jsonl'], { scanAboveMiB: 0 });
    expect(large.summary.errors).toEqual([]);
    expect(bronzeRows(large.dataDir, 'shape.jsonl')).toEqual(expected);
    expect(large.summary.nodes.parse!.rowsIn).toBe(3);
    expect(bronzeRows(large.dataDir, 'events.jsonl')).toEqual(bronzeRows(small.dataDir, 'events.jsonl'));
  });

  it('writes a key missing from objects kept as JSON text as null only in a large file (the documented difference)', async () => {
    const dir = inputDir();
    writeFileSync(join(dir, 'optional.jsonl'), '{"id":1,"items":[{"x":1},{"y":2}]}\n{"id":2,"items":[{"x":3,"y":null}]}\n');
    const small = await run(dir, ['optional.jsonl'], {});
    expect(bronzeRows(small.dataDir, 'optional.jsonl')).toEqual([
      { id: '1', items: '[{"x":1},{"y":2}]' },
      { id: '2', items: '[{"x":3,"y":null}]' },
    ]);
    const large = await run(dir, ['optional.jsonl'], { scanAboveMiB: 0 });
    expect(bronzeRows(large.dataDir, 'optional.jsonl')).toEqual([
      { id: '1', items: '[{"x":1,"y":null},{"x":null,"y":2}]' },
      { id: '2', items: '[{"x":3,"y":null}]' },
    ]);
  });
});
