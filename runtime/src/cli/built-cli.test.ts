import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
    const node = (type: string, x: number, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x, y: 0 }, config });
    const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ from: { node: from, port: fromPort }, to: { node: to, port: toPort } });
    writeFileSync(
      join(job, 'graph.json'),
      JSON.stringify({
        format: 'sluice-graph',
        version: 1,
        name: 'accounts',
        nodes: {
          files: node('source-local', 0, { folder: 'sample', patterns: ['*.txt'] }),
          ts: node('parse-accounts', 200, {}),
          js: node('parse-fixed-width', 200, { skipLines: 1, columns: [{ name: 'account', start: 0, width: 10 }] }),
          tsSink: node('bronze-sink', 400, { root: 'bronze/ts', table: 'accounts' }),
          jsSink: node('bronze-sink', 400, { root: 'bronze/js', table: 'accounts' }),
        },
        edges: [
          edge('files', 'files', 'ts', 'files'),
          edge('files', 'files', 'js', 'files'),
          edge('ts', 'table', 'tsSink', 'table'),
          edge('js', 'table', 'jsSink', 'table'),
        ],
      }),
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
});
