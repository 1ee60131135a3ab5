import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pl from 'nodejs-polars';
import { afterAll, describe, expect, it } from 'vitest';
import { writePluginPackage } from '../../testing/plugin-package.ts';

// The `sluice` command as a user runs it (`pnpm sluice` runs this file): plain `node` on the built
// CLI in runtime/dist, which it builds first when missing or stale. No tsx around the runtime.
const BIN = fileURLToPath(new URL('../../bin/sluice.mjs', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../../examples', import.meta.url));

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'sluice-built-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function sluice(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, SLUICE_LOG_LEVEL: 'warn' }, maxBuffer: 1 << 24 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

/** Writes `<dir>/graph.json`: a graph of `nodes` ([type, config], placed left to right) and `edges` ("node.port>node.port"). */
function writeGraph(dir: string, name: string, nodes: Record<string, [string, Record<string, unknown>]>, edges: string[]): string {
  const at = (end: string) => ({ node: end.split('.')[0]!, port: end.split('.')[1]! });
  const graph = {
    format: 'sluice-graph',
    version: 1,
    name,
    nodes: Object.fromEntries(Object.entries(nodes).map(([id, [type, config]], i) => [id, { type, typeVersion: 1, position: { x: i * 200, y: 0 }, config }])),
    edges: edges.map((e) => ({ from: at(e.split('>')[0]!), to: at(e.split('>')[1]!) })),
  };
  writeFileSync(join(dir, 'graph.json'), JSON.stringify(graph));
  return join(dir, 'graph.json');
}

/** Rows in the Parquet files under `dir`, read back with polars. */
function parquetRows(dir: string): number {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet'));
  return files.reduce((sum, f) => sum + pl.readParquet(join(dir, f)).height, 0);
}

// A third-party plugin written in TypeScript (type annotations, an interface, a type-only import):
// plain `node` cannot load it, so the built CLI must register tsx's loader for it. Its `zod`,
// `nodejs-polars` and `@sluice/sdk` come from the host (the folder has no node_modules).
const TS_PLUGIN = `
import { readFile } from 'node:fs/promises';
import pl from 'nodejs-polars';
import { z } from 'zod';
import { errorMessage, type NodePlugin } from '@sluice/sdk';

interface Account { account: string; holder: string }
const config = z.strictObject({ skipLines: z.number().int().min(0).default(1) });

function accounts(text: string, skip: number): Account[] {
  return text.split('\\n').slice(skip).filter((l: string) => l.trim() !== '').map((l: string): Account => ({ account: l.slice(0, 10).trim(), holder: l.slice(10, 30).trim() }));
}

const plugin = {
  type: 'parse-accounts',
  version: 1,
  category: 'parse',
  title: 'Parse accounts',
  description: 'Cuts fixed-width account lines (a TypeScript test plugin).',
  config,
  inputs: { files: { kind: 'files', title: 'Text files' } },
  outputs: { table: { kind: 'table', title: 'Rows' } },
  async run(cfg: z.infer<typeof config>, input: any, ctx: any): Promise<void> {
    let text: string;
    try {
      text = await readFile(await input.item.localPath(ctx.signal), 'utf8');
    } catch (err) {
      throw new Error(\`cannot read the accounts file: \${errorMessage(err)}\`);
    }
    await ctx.emit('table', { kind: 'table', origin: input.item.origin, format: 'accounts', frame: pl.DataFrame(accounts(text, cfg.skipLines)).lazy() });
  },
} satisfies Partial<NodePlugin>;
export default plugin;
`;

// A third-party parser that reads each file on a plugin thread (as parse-json reads with polars):
// TypeScript, with nodejs-polars from the host, in a worker of the built runtime.
const THREAD_PLUGIN = `
import { threadId } from 'node:worker_threads';
import pl from 'nodejs-polars';
import { z } from 'zod';

const threads = {
  read(path: string): { rows: Record<string, unknown>[]; threadId: number } {
    return { rows: pl.readCSV(path).toRecords(), threadId };
  },
};

export default {
  type: 'parse-on-thread',
  version: 1,
  category: 'parse',
  title: 'Parse on a thread',
  description: 'Reads CSV files with polars on a plugin thread (a test plugin).',
  config: z.strictObject({}),
  inputs: { files: { kind: 'files', title: 'CSV files' } },
  outputs: { table: { kind: 'table', title: 'Rows' } },
  threads,
  async run(_cfg: unknown, input: any, ctx: any): Promise<void> {
    const path = await input.item.localPath(ctx.signal);
    const read: ReturnType<typeof threads.read> = ctx.runOnThread ? await ctx.runOnThread('read', path) : threads.read(path);
    ctx.warn(\`read on thread \${read.threadId}\`);
    await ctx.emit('table', { kind: 'table', origin: input.item.origin, format: 'csv', frame: pl.DataFrame(read.rows).lazy() });
  },
};
`;

describe('the built sluice CLI (plain node on runtime/dist)', () => {
  it('runs the gzip CSV example end to end: rows land in Bronze, and a second run processes no file', async () => {
    const data = temp();
    const graph = join(EXAMPLES, 'gzip-csv-to-bronze', 'graph.json');
    const first = await sluice('run', graph, '--data', data);
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^sales\s+bronze-sink\s+done/m);
    expect(first.stdout).toMatch(/succeeded in \d+ ms: 6 processed, 0 skipped, 0 failed, 336 rows landed/);
    expect(parquetRows(data)).toBe(336);
    const second = await sluice('run', graph, '--data', data);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/succeeded in \d+ ms: 0 processed, 6 skipped, 0 failed, 0 rows landed/);
  });

  it('loads a TypeScript plugin from a plugins folder, and the JavaScript example beside it', async () => {
    const dir = temp();
    const plugins = join(dir, 'plugins');
    writePluginPackage(plugins, 'acme-parse-accounts', 'acme-parse-accounts', { 'parse-accounts': { file: 'index.ts', source: TS_PLUGIN } });
    // The JavaScript example, linked in as `npm link` would.
    symlinkSync(join(EXAMPLES, 'plugin-parse-fixed-width'), join(plugins, 'sluice-node-parse-fixed-width'));
    // The graph file's folder holds its input (an input root of `sluice run`); its relative Bronze
    // roots land under the data folder's bronze/, an output root by default.
    const job = join(dir, 'job');
    cpSync(join(EXAMPLES, 'plugin-parse-fixed-width', 'sample'), join(job, 'sample'), { recursive: true });
    const bronze = join(dir, 'data', 'bronze');
    writeGraph(
      job,
      'accounts',
      {
        files: ['source-local', { folder: 'sample', patterns: ['*.txt'] }],
        ts: ['parse-accounts', {}],
        js: ['parse-fixed-width', { skipLines: 1, columns: [{ name: 'account', start: 0, width: 10 }] }],
        tsSink: ['bronze-sink', { root: 'bronze/ts', table: 'accounts' }],
        jsSink: ['bronze-sink', { root: 'bronze/js', table: 'accounts' }],
      },
      ['files.files>ts.files', 'files.files>js.files', 'ts.table>tsSink.table', 'js.table>jsSink.table'],
    );
    const r = await sluice('run', join(job, 'graph.json'), '--data', join(dir, 'data'), '--plugins', plugins);
    expect(r.stderr).not.toMatch(/warning|error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/succeeded in \d+ ms: 1 processed, 0 skipped, 0 failed, 6 rows landed/);
    expect(parquetRows(join(bronze, 'ts'))).toBe(3);
    expect(parquetRows(join(bronze, 'js'))).toBe(3);
    const holders = pl.readParquet(
      join(bronze, 'ts', readdirSync(join(bronze, 'ts'), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.parquet'))!),
    );
    expect(holders.getColumn('holder').toArray()).toEqual(['Anna de Vries', 'Bram Jansen', 'Chloé Peeters']);
  });

  it('runs a plugin thread function on a worker of the built runtime, and exits once the run ends', async () => {
    const dir = temp();
    const plugins = join(dir, 'plugins');
    writePluginPackage(plugins, 'acme-parse-on-thread', 'acme-parse-on-thread', { 'parse-on-thread': { file: 'index.ts', source: THREAD_PLUGIN } });
    const job = join(dir, 'job');
    mkdirSync(join(job, 'input'), { recursive: true });
    writeFileSync(join(job, 'input', 'a.csv'), 'id,name\n1,one\n2,two\n');
    writeFileSync(join(job, 'input', 'b.csv'), 'id,name\n3,three\n');
    const graph = writeGraph(
      job,
      'threads',
      {
        files: ['source-local', { folder: 'input', patterns: ['*.csv'] }],
        parse: ['parse-on-thread', {}],
        sink: ['bronze-sink', { root: 'bronze/t', table: 'things' }],
      },
      ['files.files>parse.files', 'parse.table>sink.table'],
    );
    const r = await sluice('run', graph, '--data', join(dir, 'data'), '--plugins', plugins);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/succeeded in \d+ ms: 2 processed, 0 skipped, 0 failed, 3 rows landed/);
    const threads = [...r.stderr.matchAll(/read on thread (\d+)/g)].map((m) => Number(m[1]));
    expect(threads).toHaveLength(2);
    expect(threads.every((t) => t > 0)).toBe(true);
    expect(parquetRows(join(dir, 'data', 'bronze', 't'))).toBe(3);
  });
});
