import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@sluice/store';
import { chainGraph, runTestGraph } from '@sluice/engine/testing';
import { mountSmallDisk } from '@sluice/testing/disk';
import { isNoSpace, namingNoSpace, NoSpaceError } from '@sluice/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST_SNAPSHOT } from './manifest-snapshot.ts';

// Issue 12, finding 10: a full disk under the Bronze root gave polars' own words instead of naming
// ENOSPC, and left a manifest snapshot listing 0 parts beside the parts the run had committed.
// A real full file system: a 4 MiB tmpfs mounted as the data folder's `bronze` root.
const base = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-disk-full-')));
const data = join(base, 'data');
const disk = mountSmallDisk(join(data, 'bronze'), 4 << 20);
const mounted = 'fill' in disk ? disk : undefined;
afterAll(() => mounted?.unmount());
if (!mounted) console.warn(`disk-full tests skipped: ${'refused' in disk ? disk.refused : ''}`);

const table = join(data, 'bronze', 't');
const doc = chainGraph('disk full', [
  { id: 'src', type: 'source-local', config: { folder: 'in' } },
  { id: 'cp', type: 'checkpoint' },
  { id: 'csv', type: 'parse-csv' },
  { id: 'sink', type: 'bronze-sink', config: { table: 't' } },
]);

let n = 0;
/** A graph folder of its own per test; the table is shared, so each test lands its own keys. */
function inputs() {
  const dir = join(base, `g${n++}`);
  mkdirSync(join(dir, 'in'), { recursive: true });
  const run = () => runTestGraph(doc, { dataDir: data, graphDir: dir });
  /** A CSV of `rows` rows of random text: zstd cannot shrink it below ~8 bytes a row. */
  const add = (name: string, rows: number) => {
    let text = 'id,noise\n';
    for (let i = 0; i < rows; i++) text += `${i},${Math.random().toString(36).slice(2)}\n`;
    writeFileSync(join(dir, 'in', name), text);
  };
  return { run, add };
}

/** The source keys the snapshot lists, and those the store holds for the table. */
function snapshotKeys(): string[] | undefined {
  const path = join(table, MANIFEST_SNAPSHOT);
  if (!existsSync(path)) return undefined;
  return (JSON.parse(readFileSync(path, 'utf8')).parts as { files: { key: string }[] }[]).flatMap((p) => p.files.map((f) => f.key)).sort();
}
async function storeKeys(): Promise<string[]> {
  const store = openStore({ dataDir: data });
  try {
    const uri = `file://${table}`;
    return (await store.nodeStore('test-graph').parts.list(uri)).map((p) => p.sourceKey).sort();
  } finally {
    await store.close();
  }
}
/** Files of the table other than committed parts and the snapshot: staged parts, snapshot temporaries. */
const leftovers = () => readdirSync(table, { recursive: true, encoding: 'utf8' }).filter((f) => /\.pending$|\.tmp$/.test(f));

describe.skipIf(!mounted)('a full disk under the Bronze root (a real 4 MiB tmpfs; skipped where mount is refused)', () => {
  it('names ENOSPC and the staged path for each file that does not fit, leaves nothing staged, and keeps the snapshot in line with the store', async () => {
    const g = inputs();
    g.add('fits.csv', 1);
    expect((await g.run()).summary.errors).toEqual([]);
    const before = await storeKeys();
    expect(snapshotKeys()).toEqual(before);

    g.add('big-1.csv', 5000);
    g.add('big-2.csv', 5000);
    // No room at all: not even the writer's lock can be written, and the sink says so.
    mounted!.fill(0);
    const none = await g.run();
    expect(none.summary.files).toMatchObject({ processed: 0, failed: 0 });
    expect(none.summary.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(new RegExp(`no space left on device \\(ENOSPC\\) writing ${table}/_sluice_writer-[0-9a-f]{8}\\.lock`)),
    ]);
    expect(readdirSync(table).filter((f) => f.startsWith('_sluice_writer'))).toEqual([]);

    // Two pages of room: the writer's lock and the table's (for the clean-up at open) fit, the parts do not.
    mounted!.fill(2 * 4096);
    const { summary } = await g.run();
    mounted!.free();
    expect(summary.files).toMatchObject({ processed: 0, failed: 2 });
    expect(summary.errors).toHaveLength(2);
    for (const e of summary.errors) {
      expect(e.message).toMatch(
        /could not write Bronze part ingest_date=[\d-]+\/part-[\w-]+\.parquet of table t: no space left on device \(ENOSPC\) writing \/\S+\/\.part-[\w-]+\.parquet\.pending/,
      );
    }
    expect(leftovers()).toEqual([]);
    expect(snapshotKeys()).toEqual(before);

    // With room again, the files that failed land, and the snapshot lists them.
    expect((await g.run()).summary).toMatchObject({ errors: [], files: { processed: 2, skipped: 1, failed: 0 } });
    expect(snapshotKeys()).toEqual(await storeKeys());
    expect(snapshotKeys()).toEqual(expect.arrayContaining(['big-1.csv', 'big-2.csv', 'fits.csv']));
  });

  it('removes a snapshot it cannot replace (naming ENOSPC) rather than leave one behind the committed parts, and the next run writes it', async () => {
    const g = inputs();
    g.add('first.csv', 1);
    expect((await g.run()).summary.errors).toEqual([]);
    expect(snapshotKeys()).toEqual(await storeKeys());

    // Three pages of room: the writer's lock, a one-row part and the table's lock (for the snapshot) fit, the rewritten snapshot does not.
    mounted!.fill(3 * 4096);
    g.add('second.csv', 1);
    const { summary } = await g.run();
    mounted!.free();
    expect(summary.files).toMatchObject({ processed: 1, failed: 0 });
    expect(await storeKeys()).toContain('second.csv');
    expect(summary.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        new RegExp(
          `could not write the manifest snapshot: no space left on device \\(ENOSPC\\) writing ${table}/${MANIFEST_SNAPSHOT}: .*the previous snapshot, behind the committed parts now, was removed`,
        ),
      ),
    ]);
    // Not the earlier snapshot, which lacks `second.csv`: none at all, and no temporary file.
    expect(snapshotKeys()).toBeUndefined();
    expect(leftovers()).toEqual([]);

    expect((await g.run()).summary).toMatchObject({ errors: [], files: { processed: 0 } });
    expect(snapshotKeys()).toEqual(await storeKeys());
  });

  it("names ENOSPC from the free space left when the writer's error hides the errno, and leaves other errors alone where there is room", async () => {
    // Polars reported a full disk once only as the broken file it left: "Invalid thrift: transport error".
    const hidden = new Error('Invalid thrift: transport error');
    expect(isNoSpace(hidden)).toBe(false);
    mounted!.fill(0);
    try {
      const named = await namingNoSpace(hidden, join(table, 'x.parquet'), mounted!.dir);
      expect(named).toBeInstanceOf(NoSpaceError);
      expect((named as Error).message).toMatch(
        new RegExp(`^no space left on device \\(ENOSPC\\) writing ${table}/x\\.parquet \\(\\d+ bytes free there\\): Invalid thrift: transport error$`),
      );
      expect((named as Error).cause).toBe(hidden);
    } finally {
      mounted!.free();
    }
    expect(await namingNoSpace(hidden, join(table, 'x.parquet'), mounted!.dir)).toBe(hidden);
  });
});
