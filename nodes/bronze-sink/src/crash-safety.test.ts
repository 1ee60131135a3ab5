import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { openStore } from '@sluice/runtime';
import type { GraphDocument } from '@sluice/sdk';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';

/** Kills per test run; SLUICE_CRASH_KILLS raises it for a longer soak. */
const KILLS = Number(process.env.SLUICE_CRASH_KILLS ?? 6);
const FILES = 40;
const child = new URL('./crash-child.ts', import.meta.url).pathname;

function runChild(graphPath: string, dataDir: string, env: NodeJS.ProcessEnv, killAfterMs?: number): Promise<'killed' | 'done'> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, graphPath, dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => p.kill('SIGKILL'), killAfterMs);
    p.on('exit', (code, signal) => {
      clearTimeout(timer);
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

/** Parts committed since `since`: how far the killed run got. */
function partsSince(data: string, since: Date): number {
  const store = openStore({ dataDir: data });
  try {
    return store.nodeStore('test-graph').parts.list(pathToFileURL(join(data, 'bronze', 't')).href).filter((p) => p.createdAt >= since).length;
  } finally {
    store.close();
  }
}

describe('crash safety (SIGKILL during runs)', () => {
  it(`leaves every source row in Bronze exactly once after ${KILLS} kills and a final run`, async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-crash-')));
    const input = join(dir, 'in');
    const data = join(dir, 'data');
    mkdirSync(input);
    const current = new Map<number, string[]>();
    for (let i = 0; i < FILES; i++) current.set(i, writeVersion(input, i, 0));
    const node = (type: string, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x: 0, y: 0 }, config });
    const doc: GraphDocument = {
      format: 'sluice-graph',
      version: 1,
      name: 'crash',
      nodes: {
        src: node('source-local', { folder: input }),
        cp: node('checkpoint', {}),
        gz: node('decompress', {}),
        csv: node('parse-csv', {}),
        sink: node('bronze-sink', { root: join(data, 'bronze'), table: 't' }),
      },
      edges: [
        { from: { node: 'src', port: 'files' }, to: { node: 'cp', port: 'files' } },
        { from: { node: 'cp', port: 'files' }, to: { node: 'gz', port: 'files' } },
        { from: { node: 'gz', port: 'files' }, to: { node: 'csv', port: 'files' } },
        { from: { node: 'csv', port: 'table' }, to: { node: 'sink', port: 'table' } },
      ],
    };
    const graphPath = join(dir, 'graph.json');
    writeFileSync(graphPath, JSON.stringify(doc));
    const env = { ...process.env, SLUICE_ALLOWED_ROOTS: dir };

    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let killed = 0;
    const landedAtKill: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      // Change some files between runs, so that kills also hit replacements of earlier parts (the
      // first run has every file to land).
      for (let c = 0; c < 12; c++) {
        const i = Math.floor(rnd() * FILES);
        current.set(i, writeVersion(input, i, k + 1));
      }
      // A child needs 2-3 s to start (node, tsx, polars, plugin discovery, the store); the run itself
      // takes a few more. Kills spread over both, so some land mid-run: reported below.
      const startedAt = new Date();
      if ((await runChild(graphPath, data, env, 1800 + Math.floor(rnd() * 3000))) === 'killed') {
        killed++;
        landedAtKill.push(partsSince(data, startedAt));
      }
    }
    expect(await runChild(graphPath, data, env)).toBe('done');

    const table = join(data, 'bronze', 't');
    const manifest = JSON.parse(readFileSync(join(table, '_sluice_manifest.json'), 'utf8')) as { parts: { path: string }[] };
    const onDisk = readdirSync(table, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet')).sort();
    // Once the clean-up ran, the folder holds exactly the committed parts: a reader listing it sees no crashed attempt.
    expect(onDisk).toEqual(manifest.parts.map((p) => p.path).sort());
    const ids = (pl.concat(onDisk.map((p) => pl.readParquet(join(table, p)))).getColumn('id').toArray() as string[]).sort();
    const want = [...current.values()].flat().sort();
    expect(ids.length).toBe(want.length);
    expect(ids).toEqual(want);
    console.log(`crash test: ${killed} of ${KILLS} runs killed by SIGKILL (files landed by each killed run before its kill: ${landedAtKill.join(', ')}), then a clean run; ${want.length} rows exactly once`);
  });
});
