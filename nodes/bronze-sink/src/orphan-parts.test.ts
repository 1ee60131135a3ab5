import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localPartStorage } from './local-part-storage.ts';
import { reconcileParts } from './orphan-parts.ts';
import type { PartStorage } from './part-storage.ts';
import { pendingPath as pendingOf } from './sink-file-names.ts';

const old = new Date(Date.now() - 3_600_000);
const DAY = 'ingest_date=2026-11-26';
const LISTED = `${DAY}/part-0123456789abcdef-01234567.parquet`;
const CRASHED = `${DAY}/part-fedcba9876543210-76543210.parquet`;
const STAGED = `${DAY}/.staged-a1b2c3d4e5f6-part-fedcba9876543210-76543210.parquet`;
/** A part written by a run that crashed before its commit, still under its pending name. */
const PENDING = `${DAY}/.part-2222222222222222-22222222.parquet.pending`;
/** Files someone else put in (or under) the table folder: never the sink's to remove. */
const FOREIGN = [
  'notes.txt',
  'report.parquet',
  `${DAY}/foreign.csv`,
  `${DAY}/data.parquet`,
  'other/part-0000000000000000-00000000.parquet',
  'other/deep/x.txt',
];

function table(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'sluice-orphans-')), 't');
  const files = ['_sluice_manifest.json', '_sluice_manifest.json.0a1b2c3d.tmp', '_sluice_writer.lock', LISTED, CRASHED, STAGED, PENDING, ...FOREIGN];
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), 'x');
    utimesSync(join(dir, f), old, old);
  }
  return dir;
}

/** Every writer a name names is gone (crashed): what the clean-up did before writers were told apart. */
const allGone = async () => true;

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

describe('reconcileParts', () => {
  it('removes old parts, staged parts and snapshot leftovers the manifest does not list, and nothing else', async () => {
    const dir = table();
    const { removed } = await reconcileParts(localPartStorage(dir), new Set([LISTED]), new Date(), allGone);
    expect(removed.sort()).toEqual(['_sluice_manifest.json.0a1b2c3d.tmp', STAGED, PENDING, CRASHED].sort());
    expect(readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()).toEqual(
      ['_sluice_manifest.json', '_sluice_writer.lock', DAY, LISTED, 'other', 'other/deep', ...FOREIGN].sort(),
    );
  });

  it('leaves foreign files alone, in the table folder, in a partition and in folders it did not make (issue 12)', async () => {
    const dir = table();
    await reconcileParts(localPartStorage(dir), new Set(), new Date(), allGone);
    for (const f of FOREIGN) expect(readdirSync(dirname(join(dir, f)))).toContain(f.split('/').pop());
  });

  it('keeps an unlisted part written since the run began (a part of this run, not yet committed)', async () => {
    const dir = table();
    const inFlight = `${DAY}/part-1111111111111111-11111111.parquet`;
    writeFileSync(join(dir, inFlight), 'x');
    const { removed } = await reconcileParts(localPartStorage(dir), new Set(), new Date(Date.now() - 60_000), allGone);
    expect(removed).not.toContain(inFlight);
    expect(removed).toContain(CRASHED);
  });

  it('asks the modification time only of unlisted files with the sink’s own names', async () => {
    const dir = table();
    const many = Array.from({ length: 50 }, (_, i) => `${DAY}/part-${String(i).padStart(16, '0')}-00000000.parquet`);
    for (const p of many) writeFileSync(join(dir, p), 'x');
    const { storage, asked } = counting(localPartStorage(dir));
    await reconcileParts(storage, new Set([LISTED, ...many]), new Date(), allGone);
    expect(asked.sort()).toEqual(['_sluice_manifest.json.0a1b2c3d.tmp', STAGED, PENDING, CRASHED].sort());
  });

  it('publishes a pending part whose final path the manifest lists (committed, then cut short before its rename)', async () => {
    const dir = table();
    const committed = `${DAY}/part-3333333333333333-33333333.parquet`;
    writeFileSync(join(dir, `${DAY}/.part-3333333333333333-33333333.parquet.pending`), 'committed rows');
    const { published, removed } = await reconcileParts(localPartStorage(dir), new Set([LISTED, committed]), new Date(), allGone);
    expect(published).toEqual([committed]);
    expect(removed).not.toContain(committed);
    expect(readFileSync(join(dir, committed), 'utf8')).toBe('committed rows');
    expect(readdirSync(join(dir, DAY)).filter((f) => f.endsWith('.pending'))).toEqual([]);
  });

  it('publishes a committed pending part even when it was written after `before` (a start-up right after the crash)', async () => {
    const dir = table();
    const committed = `${DAY}/part-4444444444444444-44444444.parquet`;
    writeFileSync(join(dir, `${DAY}/.part-4444444444444444-44444444.parquet.pending`), 'x');
    const { published } = await reconcileParts(localPartStorage(dir), new Set([committed]), new Date(Date.now() - 3_600_000 * 2), allGone);
    expect(published).toEqual([committed]);
  });

  it('removes the pending name when the committed part already has its final name', async () => {
    const dir = table();
    writeFileSync(join(dir, `${DAY}/.part-0123456789abcdef-01234567.parquet.pending`), 'leftover');
    const { published, removed } = await reconcileParts(localPartStorage(dir), new Set([LISTED]), new Date(), allGone);
    expect(published).toEqual([]);
    expect(removed).toContain(`${DAY}/.part-0123456789abcdef-01234567.parquet.pending`);
    expect(readFileSync(join(dir, LISTED), 'utf8')).toBe('x');
  });

  it('leaves what a live writer wrote to it, however old (another run writing the table now), and cleans up after a gone one', async () => {
    const dir = table();
    const live = 'a1a1a1a1';
    const dead = 'd0d0d0d0';
    const ofLive = [`${DAY}/part-5555555555555555-55555555-${live}.parquet`, `${DAY}/.part-6666666666666666-66666666-2-${live}.parquet.pending`];
    const committedOfLive = `${DAY}/part-7777777777777777-77777777-${live}.parquet`;
    const ofDead = [`${DAY}/part-8888888888888888-88888888-${dead}.parquet`, `${DAY}/.part-9999999999999999-99999999-${dead}-abc123.parquet.pending`];
    const committedOfDead = `${DAY}/part-aaaaaaaaaaaaaaaa-aaaaaaaa-${dead}.parquet`;
    for (const f of [...ofLive, ...ofDead, pendingOf(committedOfLive), pendingOf(committedOfDead)]) {
      writeFileSync(join(dir, f), 'x');
      utimesSync(join(dir, f), old, old);
    }
    const asked: string[] = [];
    const gone = async (w: string) => (asked.push(w), w !== live);
    const { published, removed } = await reconcileParts(localPartStorage(dir), new Set([LISTED, committedOfLive, committedOfDead]), new Date(), gone);
    // The live writer publishes its committed part itself, after its commit; the gone one's is published for it.
    expect(published).toEqual([committedOfDead]);
    expect(removed.sort()).toEqual(['_sluice_manifest.json.0a1b2c3d.tmp', STAGED, PENDING, CRASHED, ...ofDead].sort());
    const left = readdirSync(join(dir, DAY)).map((f) => `${DAY}/${f}`);
    expect(left).toEqual(expect.arrayContaining([...ofLive, pendingOf(committedOfLive), committedOfDead]));
    expect(new Set(asked)).toEqual(new Set([live, dead]));
  });
});
