import { mkdirSync, mkdtempSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainGraph, runTestGraph } from '@sluice/engine/testing';
import type { BronzePart, BronzeSchemaVersion } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { localPartStorage } from './local-part-storage.ts';
import { MANIFEST_SNAPSHOT, readSnapshotDigest, syncManifestSnapshot } from './manifest-snapshot.ts';

const at = new Date('2026-11-26T10:00:00Z');
const part = (key: string, runId = 'r1'): BronzePart => ({
  table: 'file:///t',
  path: `ingest_date=2026-11-26/part-${key}.parquet`,
  sourceNode: 'src',
  sourceKey: `${key}.csv`,
  fingerprint: 'm:1:1',
  rows: 2,
  bytes: 100,
  schemaVersion: 1,
  runId,
  graphId: 'g',
  createdAt: at,
});
const versions: BronzeSchemaVersion[] = [{ table: 'file:///t', version: 1, columns: { id: 'String' }, createdAt: at }];

function storage() {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-snapshot-'));
  return { dir, storage: localPartStorage(dir), read: () => JSON.parse(readFileSync(join(dir, MANIFEST_SNAPSHOT), 'utf8')) };
}

/** Parts as the sink gets them from the store: paths for the digest (each once), whole rows to write. */
const listed = (parts: BronzePart[]) => ({ paths: [...new Map(parts.map((p) => [p.path, p])).values()], load: async () => parts });
type SnapshotPart = { path: string; rows: number; files: { key: string }[] };

describe('syncManifestSnapshot', () => {
  it('writes the snapshot with its digest near the top, where readSnapshotDigest finds it', async () => {
    const { storage: s, read } = storage();
    expect(await readSnapshotDigest(s)).toBeUndefined();
    const digest = await syncManifestSnapshot(s, listed([part('a'), part('b')]), versions, at, undefined);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await readSnapshotDigest(s)).toBe(digest);
    expect(read()).toMatchObject({ format: 'sluice-bronze-manifest', version: 2, digest, rows: 4, writtenAt: at.toISOString() });
    expect(read().parts.map((p: SnapshotPart) => p.files.map((f) => f.key))).toEqual([['a.csv'], ['b.csv']]);
  });

  it('lists a part of several files once, with each file and their rows summed', async () => {
    const { storage: s, read } = storage();
    const batch = (key: string, rows: number): BronzePart => ({ ...part(key), path: 'ingest_date=2026-11-26/part-batch.parquet', rows });
    await syncManifestSnapshot(s, listed([batch('a', 2), batch('b', 3), part('c')]), versions, at, undefined);
    expect(read().rows).toBe(7);
    expect(read().parts).toEqual([
      {
        path: 'ingest_date=2026-11-26/part-batch.parquet',
        rows: 5,
        bytes: 100,
        schemaVersion: 1,
        runId: 'r1',
        createdAt: at.toISOString(),
        files: [
          { node: 'src', key: 'a.csv', fingerprint: 'm:1:1', rows: 2 },
          { node: 'src', key: 'b.csv', fingerprint: 'm:1:1', rows: 3 },
        ],
      },
      {
        path: 'ingest_date=2026-11-26/part-c.parquet',
        rows: 2,
        bytes: 100,
        schemaVersion: 1,
        runId: 'r1',
        createdAt: at.toISOString(),
        files: [{ node: 'src', key: 'c.csv', fingerprint: 'm:1:1', rows: 2 }],
      },
    ]);
  });

  it('leaves the snapshot alone while the parts and schema are those it lists', async () => {
    const { dir, storage: s, read } = storage();
    const digest = await syncManifestSnapshot(s, listed([part('a')]), versions, at, undefined);
    const before = statSync(join(dir, MANIFEST_SNAPSHOT)).mtimeMs;
    expect(await syncManifestSnapshot(s, listed([part('a')]), versions, new Date(), digest)).toBe(digest);
    expect(statSync(join(dir, MANIFEST_SNAPSHOT)).mtimeMs).toBe(before);
    expect(read().writtenAt).toBe(at.toISOString());
  });

  it('writes it again when a part is added, replaced or removed, or the schema changes', async () => {
    const { storage: s, read } = storage();
    let digest = await syncManifestSnapshot(s, listed([part('a')]), versions, at, undefined);
    const changes: [BronzePart[], BronzeSchemaVersion[]][] = [
      [[part('a'), part('b')], versions],
      [[part('a'), part('b', 'r2')], versions],
      [[part('b', 'r2')], versions],
      [[part('b', 'r2')], [...versions, { ...versions[0]!, version: 2, columns: { id: 'String', x: 'Int64' } }]],
    ];
    for (const [parts, vs] of changes) {
      const next = await syncManifestSnapshot(s, listed(parts), vs, new Date(), digest);
      expect(next).not.toBe(digest);
      expect(await readSnapshotDigest(s)).toBe(next);
      expect(read().parts.map((p: { path: string; runId: string }) => `${p.path} ${p.runId}`)).toEqual(parts.map((p) => `${p.path} ${p.runId}`));
      expect(read().schemaVersions).toHaveLength(vs.length);
      digest = next;
    }
  });

  it('takes a snapshot without a digest (an older version, or edited by hand) as out of date', async () => {
    const { dir, storage: s } = storage();
    // Version 1 had a digest, but listed one source per part: it is written again as version 2.
    const digest = await syncManifestSnapshot(s, listed([part('a')]), versions, at, undefined);
    writeFileSync(join(dir, MANIFEST_SNAPSHOT), JSON.stringify({ format: 'sluice-bronze-manifest', version: 1, digest, parts: [] }, null, 2));
    expect(await readSnapshotDigest(s)).toBeUndefined();
    writeFileSync(join(dir, MANIFEST_SNAPSHOT), JSON.stringify({ format: 'sluice-bronze-manifest', version: 1, table: 'file:///t', parts: [] }, null, 2));
    expect(await readSnapshotDigest(s)).toBeUndefined();
    writeFileSync(join(dir, MANIFEST_SNAPSHOT), '');
    expect(await readSnapshotDigest(s)).toBeUndefined();
  });
});

describe('the manifest snapshot through the executor', () => {
  function workspace() {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-snapshot-run-')));
    mkdirSync(join(dir, 'in'));
    const data = join(dir, 'data');
    const snapshot = join(data, 'bronze', 't', MANIFEST_SNAPSHOT);
    const doc = chainGraph('snapshot', [
      { id: 'src', type: 'source-local', config: { folder: 'in' } },
      { id: 'cp', type: 'checkpoint' },
      { id: 'csv', type: 'parse-csv' },
      { id: 'sink', type: 'bronze-sink', config: { table: 't' } },
    ]);
    const run = async () => {
      const r = await runTestGraph(doc, { dataDir: data, graphDir: dir });
      expect(r.summary.errors).toEqual([]);
      return r.summary;
    };
    const keys = () => (JSON.parse(readFileSync(snapshot, 'utf8')).parts as SnapshotPart[]).flatMap((p) => p.files.map((f) => f.key)).sort();
    return { input: join(dir, 'in'), snapshot, run, keys };
  }

  it('is not written again by a run that lands nothing, and is by one that lands a file', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'a.csv'), 'id\n1\n');
    await w.run();
    const first = readFileSync(w.snapshot, 'utf8');
    expect((await w.run()).files).toEqual({ processed: 0, skipped: 1, failed: 0 });
    expect(readFileSync(w.snapshot, 'utf8')).toBe(first);
    writeFileSync(join(w.input, 'b.csv'), 'id\n2\n');
    expect((await w.run()).files).toEqual({ processed: 1, skipped: 1, failed: 0 });
    expect(w.keys()).toEqual(['a.csv', 'b.csv']);
  });

  it('is brought in line when a run starts, after a run that committed parts but never wrote it (a crash)', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'a.csv'), 'id\n1\n');
    await w.run();
    const behind = readFileSync(w.snapshot, 'utf8');
    writeFileSync(join(w.input, 'b.csv'), 'id\n2\n');
    await w.run();
    // As if the second run had been killed after its commit, before its close.
    writeFileSync(w.snapshot, behind);
    expect((await w.run()).files).toEqual({ processed: 0, skipped: 2, failed: 0 });
    expect(w.keys()).toEqual(['a.csv', 'b.csv']);
  });
});
