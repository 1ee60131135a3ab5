import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localPartStorage } from './local-part-storage.ts';
import type { StoredFile } from './part-storage.ts';

const FILES: Record<string, string> = {
  '_sluice_manifest.json': '{"format": "sluice-bronze-manifest"}\n',
  'ingest_date=2026-11-25/part-a.parquet': 'a',
  'ingest_date=2026-11-26/part-b.parquet': 'bb',
  'ingest_date=2026-11-26/.staged-x-part-c.parquet': 'c',
};

function table(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'sluice-local-parts-')), 't');
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function all(pages: AsyncIterable<StoredFile[]>): Promise<StoredFile[]> {
  const out: StoredFile[] = [];
  for await (const page of pages) out.push(...page);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

describe('localPartStorage', () => {
  it('lists every file under the table, a folder a page, and stats one only when asked', async () => {
    const dir = table();
    const files = await all(localPartStorage(dir).list());
    expect(files.map((f) => f.path)).toEqual([
      '_sluice_manifest.json',
      'ingest_date=2026-11-25/part-a.parquet',
      'ingest_date=2026-11-26/.staged-x-part-c.parquet',
      'ingest_date=2026-11-26/part-b.parquet',
    ]);
    expect(await files[1]!.modifiedAt()).toBeInstanceOf(Date);
    await localPartStorage(dir).delete('ingest_date=2026-11-26/part-b.parquet');
    // Gone between the listing and the question: no date, no error.
    expect(await files[3]!.modifiedAt()).toBeUndefined();
  });

  it('lists nothing for a table not written yet', async () => {
    expect(await all(localPartStorage(join(tmpdir(), 'sluice-no-such-table', 't')).list())).toEqual([]);
  });

  it('reads the head of a file, or says it is missing', async () => {
    const storage = localPartStorage(table());
    expect(await storage.readHead('_sluice_manifest.json', 11)).toBe('{"format": ');
    expect(await storage.readHead('_sluice_manifest.json', 4096)).toBe('{"format": "sluice-bronze-manifest"}\n');
    expect(await storage.readHead('missing.json', 10)).toBeUndefined();
  });

  it('holds a part under its pending name, which no *.parquet glob matches, and publishes it by a rename', async () => {
    const dir = table();
    const storage = localPartStorage(dir);
    const path = 'ingest_date=2026-11-27/part-d.parquet';
    const staged = await storage.stage(path);
    expect(staged).toBe(join(dir, 'ingest_date=2026-11-27', '.part-d.parquet.pending'));
    writeFileSync(staged, 'dddd');
    expect(await storage.hold(staged, path)).toBe(4);
    expect(readdirSync(join(dir, 'ingest_date=2026-11-27')).filter((f) => f.endsWith('.parquet'))).toEqual([]);
    await storage.publish(path);
    expect(readdirSync(join(dir, 'ingest_date=2026-11-27'))).toEqual(['part-d.parquet']);
    // Again (a roll-forward repeated after a crash): the part is in place, nothing to do.
    await storage.publish(path);
    expect(existsSync(join(dir, path))).toBe(true);
    await expect(storage.publish('ingest_date=2026-11-27/part-none.parquet')).rejects.toThrow(/ENOENT/);
  });
});
