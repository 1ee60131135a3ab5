import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localPartStorage } from './local-part-storage.ts';
import { removeOrphanParts } from './orphan-parts.ts';
import type { PartStorage } from './part-storage.ts';

const old = new Date(Date.now() - 3_600_000);

function table(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'sluice-orphans-')), 't');
  mkdirSync(join(dir, 'ingest_date=2026-11-26'), { recursive: true });
  const files = ['_sluice_manifest.json', '_sluice_manifest.json.0a1b2c3d.tmp', '_sluice_writer.lock', 'ingest_date=2026-11-26/listed.parquet', 'ingest_date=2026-11-26/crashed.parquet', 'ingest_date=2026-11-26/.staged-ab-part.parquet'];
  for (const f of files) {
    writeFileSync(join(dir, f), 'x');
    utimesSync(join(dir, f), old, old);
  }
  return dir;
}

/** The storage, counting how many files it was asked the modification time of. */
function counting(storage: PartStorage): { storage: PartStorage; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    storage: {
      ...storage,
      async *list() {
        for await (const page of storage.list()) yield page.map((f) => ({ path: f.path, modifiedAt: () => (asked.push(f.path), f.modifiedAt()) }));
      },
    },
  };
}

describe('removeOrphanParts', () => {
  it('removes old files the manifest does not list, and keeps listed parts and the sink’s own files', async () => {
    const dir = table();
    const removed = await removeOrphanParts(localPartStorage(dir), new Set(['ingest_date=2026-11-26/listed.parquet']), new Date());
    expect(removed.sort()).toEqual(['_sluice_manifest.json.0a1b2c3d.tmp', 'ingest_date=2026-11-26/.staged-ab-part.parquet', 'ingest_date=2026-11-26/crashed.parquet']);
    expect(readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()).toEqual(['_sluice_manifest.json', '_sluice_writer.lock', 'ingest_date=2026-11-26', 'ingest_date=2026-11-26/listed.parquet']);
  });

  it('keeps an unlisted file written since the run began (a part of this run, not yet committed)', async () => {
    const dir = table();
    writeFileSync(join(dir, 'ingest_date=2026-11-26/in-flight.parquet'), 'x');
    const removed = await removeOrphanParts(localPartStorage(dir), new Set(), new Date(Date.now() - 60_000));
    expect(removed).not.toContain('ingest_date=2026-11-26/in-flight.parquet');
    expect(removed).toContain('ingest_date=2026-11-26/crashed.parquet');
  });

  it('asks the modification time only of files the manifest does not list', async () => {
    const dir = table();
    for (let i = 0; i < 50; i++) writeFileSync(join(dir, `ingest_date=2026-11-26/p${i}.parquet`), 'x');
    const listed = new Set(['ingest_date=2026-11-26/listed.parquet', ...Array.from({ length: 50 }, (_, i) => `ingest_date=2026-11-26/p${i}.parquet`)]);
    const { storage, asked } = counting(localPartStorage(dir));
    await removeOrphanParts(storage, listed, new Date());
    expect(asked.sort()).toEqual(['_sluice_manifest.json.0a1b2c3d.tmp', 'ingest_date=2026-11-26/.staged-ab-part.parquet', 'ingest_date=2026-11-26/crashed.parquet']);
  });
});
