import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { recoverTestStorage } from '@sluice/engine/testing';
import { openStore, type Store } from '@sluice/store';
import { startS3Server } from '@sluice/testing/s3';
import { credentialEnvName, type GraphDocument } from '@sluice/sdk';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';

/** Kills per target and test run; SLUICE_CRASH_KILLS raises it for a longer soak. */
const KILLS = Number(process.env.SLUICE_CRASH_KILLS ?? 3);
const FILES = 40;
const child = new URL('../testing/crash-child.ts', import.meta.url).pathname;

/**
 * Runs the child; with `killWhen`, polls it every 20 ms and, once true, sends SIGKILL after `extraMs`
 * (so kills fall at varying points of a file: writing, publishing, committing, cleaning up).
 */
function runChild(
  graphPath: string,
  dataDir: string,
  env: NodeJS.ProcessEnv,
  kill?: { when: () => Promise<boolean>; extraMs: number },
  printed?: { out: string },
): Promise<'killed' | 'done'> {
  let out = '';
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, graphPath, dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.stdout.on('data', (d) => (out += d));
    // One check at a time: a slow read of the store must not pile up checks.
    let checking = false;
    const poll = kill
      ? setInterval(() => {
          if (checking) return;
          checking = true;
          kill.when().then(
            (now) => {
              checking = false;
              if (!now) return;
              clearInterval(poll);
              setTimeout(() => p.kill('SIGKILL'), kill.extraMs);
            },
            () => {
              checking = false;
            },
          );
        }, 20)
      : undefined;
    p.on('exit', (code, signal) => {
      clearInterval(poll);
      if (printed) printed.out = out;
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('done');
      else reject(new Error(`child exited with ${code}: ${err}`));
    });
  });
}

/** Writes version `v` of file `i`: rows `i:v:0..n`, so a stale row of an older version is visible. */
function writeVersion(input: string, i: number, v: number): string[] {
  const ids = Array.from({ length: 5 + (i % 7) }, (_, r) => `${i}:${v}:${r}`);
  writeFileSync(join(input, `f${String(i).padStart(3, '0')}.csv.gz`), gzipSync(`id\n${ids.join('\n')}\n`));
  return ids;
}

/** Where the table lives, and how the test reads it back without the sink's code. */
interface Target {
  sink: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  tableUri: string;
  /** Parquet files present in storage now, relative to the table root: what a `*.parquet` glob matches. */
  parts(): Promise<string[]>;
  /** Every file in storage now, relative to the table root. */
  files(): Promise<string[]>;
  /** The `id` of every row a reader globbing `**\/*.parquet` sees now (DuckDB's read_parquet for a folder). */
  globIds(): Promise<string[]>;
  manifest(): Promise<{ parts: { path: string }[] }>;
  read(path: string): Promise<pl.DataFrame>;
}

function localTarget(data: string): Target {
  const table = join(data, 'bronze', 't');
  return {
    sink: { root: 'bronze', table: 't' },
    env: {},
    tableUri: pathToFileURL(table).href,
    parts: async () => readdirSync(table, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet')),
    files: async () =>
      readdirSync(table, { recursive: true, withFileTypes: true }).flatMap((e) => (e.isFile() ? [join(e.parentPath, e.name).slice(table.length + 1)] : [])),
    async globIds() {
      const db = await DuckDBInstance.create(':memory:');
      const c = await db.connect();
      try {
        const r = await c.runAndReadAll(`SELECT id FROM read_parquet('${table}/**/*.parquet', union_by_name = true)`);
        return r.getRows().map((row) => String(row[0]));
      } finally {
        c.closeSync();
        db.closeSync();
      }
    },
    manifest: async () => JSON.parse(readFileSync(join(table, '_sluice_manifest.json'), 'utf8')),
    read: async (path) => pl.readParquet(join(table, path)),
  };
}

async function s3Target(): Promise<Target> {
  const s3 = await startS3Server();
  const bucket = await s3.newBucket('crash');
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  const get = async (path: string) => {
    const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `lake/t/${path}` }));
    return Buffer.from(await r.Body!.transformToByteArray());
  };
  const target: Target = {
    sink: {
      root: `s3://${bucket}/lake`,
      table: 't',
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      accessKeyId: 'CRASH_KEY_ID',
      secretAccessKey: 'CRASH_SECRET',
    },
    env: { [credentialEnvName('CRASH_KEY_ID')]: s3.accessKeyId, [credentialEnvName('CRASH_SECRET')]: s3.secretAccessKey },
    tableUri: `s3://${bucket}/lake/t`,
    parts: async () => (await target.files()).filter((k) => k.endsWith('.parquet')),
    async files() {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'lake/t/' }));
      return (page.Contents ?? []).map((o) => o.Key!.slice('lake/t/'.length));
    },
    // A glob over S3 lists the prefix and keeps the matching keys (DuckDB's httpfs cannot be installed here).
    async globIds() {
      const frames = await Promise.all((await target.parts()).map((p) => target.read(p)));
      return frames.length ? (pl.concat(frames, { how: 'diagonal' }).getColumn('id').toArray() as string[]) : [];
    },
    manifest: async () => JSON.parse((await get('_sluice_manifest.json')).toString('utf8')),
    read: async (path) => pl.readParquet(await get(path)),
  };
  return target;
}

/** Parts committed since `since`: how far a killed run got. Reads through the parent's own store. */
async function partsSince(store: Store, tableUri: string, since: Date): Promise<number> {
  return (await store.nodeStore('test-graph').parts.list(tableUri)).filter((p) => p.createdAt >= since).length;
}

describe('crash safety (SIGKILL during runs)', () => {
  for (const kind of ['local', 's3'] as const) {
    it(
      `${kind}: leaves every source row in Bronze exactly once after ${KILLS} kills and a final run`,
      async () => {
        const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-crash-')));
        const input = join(dir, 'in');
        const data = join(dir, 'data');
        mkdirSync(input);
        const target = kind === 'local' ? localTarget(data) : await s3Target();
        const current = new Map<number, string[]>();
        for (let i = 0; i < FILES; i++) current.set(i, writeVersion(input, i, 0));
        const doc = crashGraph(input, target.sink);
        const graphPath = join(dir, 'graph.json');
        writeFileSync(graphPath, JSON.stringify(doc));
        // The child runs with the data folder as graph folder; the input lies beside it.
        const env = { ...process.env, ...target.env, SLUICE_ALLOWED_ROOTS: dir };

        // Opened (and migrated) once, before the children: WAL lets it read while a child writes.
        const store = openStore({ dataDir: data });
        let seed = 7;
        const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
        const landedAtKill: number[] = [];
        for (let k = 0; k < KILLS; k++) {
          // Change some files between runs, so that kills also hit replacements of earlier parts (the
          // first run has every file to land).
          for (let c = 0; c < 12; c++) {
            const i = Math.floor(rnd() * FILES);
            current.set(i, writeVersion(input, i, k + 1));
          }
          // Kill once the run has landed a random number of files (0: at a random moment of the start,
          // 2-3 s of node, tsx, polars, plugin discovery and the store), then a little later.
          const startedAt = new Date();
          const landedBeforeKill = Math.floor(rnd() * 8);
          const startKillAt = Date.now() + 500 + rnd() * 2500;
          const when = async () =>
            landedBeforeKill === 0 ? Date.now() >= startKillAt : (await partsSince(store, target.tableUri, startedAt)) >= landedBeforeKill;
          if ((await runChild(graphPath, data, env, { when, extraMs: Math.floor(rnd() * 150) })) === 'killed') {
            landedAtKill.push(await partsSince(store, target.tableUri, startedAt));
          }
        }
        await store.close();
        const printed = { out: '' };
        expect(await runChild(graphPath, data, env, undefined, printed)).toBe('done');
        // The final run lands every file left: none fails (a failed file would be read again only
        // by a later run, leaving its old rows meanwhile).
        expect(JSON.parse(printed.out.trim().split('\n').at(-1)!)).toMatchObject({ failed: 0 });

        const manifest = await target.manifest();
        const stored = (await target.parts()).sort();
        // Once the clean-up ran, storage holds exactly the committed parts: a reader listing it sees no crashed attempt.
        expect(stored).toEqual(manifest.parts.map((p) => p.path).sort());
        const frames = await Promise.all(stored.map((p) => target.read(p)));
        const ids = (pl.concat(frames).getColumn('id').toArray() as string[]).sort();
        const want = [...current.values()].flat().sort();
        expect(ids.length).toBe(want.length);
        expect(ids).toEqual(want);
        console.log(
          `crash test (${kind}): ${landedAtKill.length} of ${KILLS} runs killed by SIGKILL (files landed by each before its kill: ${landedAtKill.join(', ')}), then a clean run; ${want.length} rows exactly once`,
        );
      },
      60_000 + KILLS * 20_000,
    ); // each killed child spends seconds starting, more on a loaded machine
  }
});

/** The crash graph: local files, checkpoint, gunzip, CSV, the sink. */
function crashGraph(input: string, sink: Record<string, unknown>): GraphDocument {
  const node = (type: string, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x: 0, y: 0 }, config });
  return {
    format: 'sluice-graph',
    version: 1,
    name: 'crash',
    nodes: {
      src: node('source-local', { folder: input }),
      cp: node('checkpoint', {}),
      gz: node('decompress', {}),
      csv: node('parse-csv', {}),
      sink: node('bronze-sink', sink),
    },
    edges: [
      { from: { node: 'src', port: 'files' }, to: { node: 'cp', port: 'files' } },
      { from: { node: 'cp', port: 'files' }, to: { node: 'gz', port: 'files' } },
      { from: { node: 'gz', port: 'files' }, to: { node: 'csv', port: 'files' } },
      { from: { node: 'csv', port: 'table' }, to: { node: 'sink', port: 'table' } },
    ],
  };
}

/** `part-<source hash>-…`: the parts of one source file share it. */
const sourceOf = (path: string) => /part-([0-9a-f]{16})-/.exec(path)?.[1];

/** Each file's rows once, all of one version: `i:v:r` for r in 0..5+i%7. */
function expectEachFileOnce(ids: string[], files: number): void {
  for (let i = 0; i < files; i++) {
    const mine = ids.filter((id) => id.startsWith(`${i}:`));
    const versions = new Set(mine.map((id) => id.split(':')[1]));
    expect(versions.size, `file ${i}: versions ${[...versions]}`).toBe(1);
    const v = [...versions][0];
    expect(mine.sort()).toEqual(Array.from({ length: 5 + (i % 7) }, (_, r) => `${i}:${v}:${r}`).sort());
  }
}

describe('crash safety (SIGKILL at a chosen step of a landing), then a runtime start-up alone', () => {
  const FEW = 10;
  for (const kind of ['local', 's3'] as const) {
    for (const step of ['before-commit', 'after-commit'] as const) {
      it(`${kind}, killed ${step.replace('-', ' the ')}: a glob of *.parquet sees only committed parts; the start-up leaves exactly the manifest's parts`, async () => {
        const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-crash-step-')));
        const input = join(dir, 'in');
        const data = join(dir, 'data');
        mkdirSync(input);
        const target = kind === 'local' ? localTarget(data) : await s3Target();
        for (let i = 0; i < FEW; i++) writeVersion(input, i, 0);
        // A part per file: the pausing sink stops single landings (the random kills above cover batched parts).
        const doc = crashGraph(input, { ...target.sink, batchFiles: 1 });
        const graphPath = join(dir, 'graph.json');
        writeFileSync(graphPath, JSON.stringify(doc));
        const env = { ...process.env, ...target.env, SLUICE_ALLOWED_ROOTS: dir };
        // A first run lands every file; then every file changes, so the killed run replaces parts.
        expect(await runChild(graphPath, data, env)).toBe('done');
        for (let i = 0; i < FEW; i++) writeVersion(input, i, 1);

        const marker = join(dir, 'paused');
        let kill = false;
        const child = runChild(
          graphPath,
          data,
          { ...env, SLUICE_CRASH_PAUSE: `${step}:4`, SLUICE_CRASH_MARKER: marker },
          { when: async () => kill, extraMs: 0 },
        );
        while (!existsSync(marker)) await sleep(50);
        // Let the other files in flight reach their own stop (every later landing stops too).
        await sleep(1500);

        const store = openStore({ dataDir: data });
        try {
          const committed = new Set((await store.nodeStore('test-graph').parts.paths(target.tableUri)).map((p) => p.path));
          const files = await target.files();
          const pending = files.filter((f) => f.endsWith('.parquet.pending'));
          const visible = await target.parts();
          if (step === 'before-commit') {
            // Held parts are pending, not committed: the glob matches exactly the committed parts.
            expect(visible.sort()).toEqual([...committed].sort());
          } else {
            // Committed, not yet renamed: each such part is missing from the glob, and the part it
            // replaced is still there; nothing uncommitted is visible.
            const unpublished = [...committed].filter((p) => !visible.includes(p));
            expect(unpublished.length).toBeGreaterThan(0);
            for (const p of visible.filter((v) => !committed.has(v))) expect(unpublished.map(sourceOf)).toContain(sourceOf(p));
          }
          // What DuckDB reads through the glob: each file's rows once, of one version, none uncommitted.
          expectEachFileOnce(await target.globIds(), FEW);
          // The stopped parts are there, under names no glob matches.
          expect(pending.length, `pending parts in ${files.join(', ')}`).toBeGreaterThan(0);

          kill = true;
          expect(await child).toBe('killed');
          // The runtime's start-up knows S3 tables' connections from its stored graphs.
          await store.graphs.create(doc, { id: 'crash-graph' });
        } finally {
          await store.close();
        }

        const saved = { ...process.env };
        Object.assign(process.env, target.env);
        let recovered: Awaited<ReturnType<typeof recoverTestStorage>>;
        try {
          recovered = await recoverTestStorage(data, { inputRoots: [dir], outputRoots: [data] });
        } finally {
          process.env = saved;
        }
        expect(recovered.warnings).toEqual([]);
        const after = openStore({ dataDir: data });
        const manifest = (await after.nodeStore('test-graph').parts.paths(target.tableUri)).map((p) => p.path);
        await after.close();
        expect((await target.parts()).sort()).toEqual(manifest.sort());
        expect((await target.files()).filter((f) => f.includes('.pending'))).toEqual([]);
        expect((await target.manifest()).parts.map((p) => p.path).sort()).toEqual(manifest.sort());
        const stored = await Promise.all(manifest.map((p) => target.read(p)));
        expectEachFileOnce(pl.concat(stored, { how: 'diagonal' }).getColumn('id').toArray() as string[], FEW);
        expect(recovered.infos.join('\n')).toMatch(step === 'before-commit' ? /removed \d+ files the manifest does not list/ : /published \d+ committed parts/);
        console.log(`crash at ${step} (${kind}): start-up: ${recovered.infos.join('; ')}`);
      }, 120_000);
    }
  }
});
