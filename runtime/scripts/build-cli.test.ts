import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { staleReason } from '../bin/cli-build.mjs';
import { buildCli, RUNTIME_DIR } from './build-cli.ts';
import { packageName } from './external-packages-plugin.ts';

const outdir = mkdtempSync(join(tmpdir(), 'sluice-build-cli-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The specifiers a built file imports statically (`import ... from "x"`, `import "x"`), not `import()`. */
function staticImports(file: string): string[] {
  const text = readFileSync(join(outdir, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s*"([^"]+)"|^\s*import\s*"([^"]+)"/gm)].map((m) => (m[1] ?? m[2])!);
}

/** Every file and package a built file loads before it runs: its static imports, followed through the chunks. */
function staticClosure(entry: string): { chunks: Set<string>; packages: Set<string> } {
  const chunks = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (chunks.has(file)) return;
    chunks.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('./')) visit(spec.slice(2));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { chunks, packages };
}

describe('buildCli', () => {
  it('bundles the CLI with the node types as lazy chunks, and lists its inputs', async () => {
    const r = await buildCli(RUNTIME_DIR, outdir);
    const names = r.files.map((f) => basename(f));
    expect(names).toEqual(expect.arrayContaining(['main.js', 'sdk.js', 'plugin-thread.js']));

    // `sluice run` loads the run command and what it imports, not the server nor unused node types.
    const runChunk = names.find((n) => n.startsWith('run-command-'))!;
    const run = staticClosure(runChunk);
    const main = staticClosure('main.js');
    const loaded = new Set([...run.packages, ...main.packages]);
    expect(loaded).toContain('better-sqlite3');
    expect([...loaded].filter((p) => /exceljs|hono|@aws-sdk|nodejs-polars/.test(p))).toEqual([]);
    expect([...loaded].some((p) => p.startsWith('drizzle-orm'))).toBe(false); // inlined

    // Each built-in node type is an `import()` of its own module, found by package and entry; the
    // parse-excel one brings exceljs (from its own folder: pnpm installs it beside the package).
    const all = [...run.chunks, ...main.chunks].map((f) => readFileSync(join(outdir, f), 'utf8')).join('\n');
    for (const pkg of ['node-parse-excel', 'node-parse-csv', 'node-source-s3', 'node-bronze-sink']) {
      expect(all).toMatch(new RegExp(`"@sluice/${pkg} \\./src/index\\.ts": \\(\\) => import\\("\\./[^"]+\\.js"\\)`));
    }
    const excelChunk = new RegExp('"@sluice/node-parse-excel \\./src/index\\.ts": \\(\\) => import\\("\\./([^"]+)"\\)').exec(all)![1]!;
    expect([...staticClosure(excelChunk).packages].some((p) => /node_modules\/\.pnpm\/exceljs@[^/]+\/node_modules\/exceljs\//.test(p))).toBe(true);
    // Paths from import.meta.url still point at the sources (here: the migrations folder).
    expect(all).toContain('new URL("../../migrations", new URL(');

    // The workers of plugin threads load the build's own entry, beside the chunks; it shares the
    // chunk of the built `builtRuntime` (so built-in plugins load from their chunks there too).
    const threadEntry = /threadEntryUrl: new URL\("\.\/([^"]+)", import\.meta\.url\)\.href/.exec(all)?.[1];
    expect(threadEntry).toBe('plugin-thread.js');
    const builtRuntimeChunk = names.find((f) => f.endsWith('.js') && readFileSync(join(outdir, f), 'utf8').includes('threadEntryUrl:'));
    expect(staticClosure('plugin-thread.js').chunks).toContain(builtRuntimeChunk);
    expect(existsSync(fileURLToPath(new URL(threadEntry!, `file://${outdir}/`)))).toBe(true);

    const info = JSON.parse(readFileSync(join(outdir, 'build-info.json'), 'utf8')) as { startedAt: number; inputs: string[] };
    expect(info.inputs).toEqual(
      expect.arrayContaining(['src/cli/main.ts', 'package.json', '../nodes/parse-csv/package.json', '../pnpm-lock.yaml', 'scripts/build-cli.ts']),
    );
    expect(info.inputs.some((i) => i.includes('node_modules'))).toBe(false);
  });

  it('calls a build stale when it is missing, or an input changed after it started or is gone', () => {
    const runtime = mkdtempSync(join(tmpdir(), 'sluice-stale-'));
    try {
      expect(staleReason(runtime)).toBe('not built yet');
      mkdirSync(join(runtime, 'dist'));
      mkdirSync(join(runtime, 'src'));
      writeFileSync(join(runtime, 'src', 'a.ts'), 'export const a = 1;');
      writeFileSync(join(runtime, 'dist', 'main.js'), '');
      const startedAt = Date.now() + 60_000;
      writeFileSync(join(runtime, 'dist', 'build-info.json'), JSON.stringify({ startedAt, inputs: ['src/a.ts'] }));
      expect(staleReason(runtime)).toBeUndefined();
      utimesSync(join(runtime, 'src', 'a.ts'), new Date(startedAt + 1000), new Date(startedAt + 1000));
      expect(staleReason(runtime)).toBe('src/a.ts changed');
      rmSync(join(runtime, 'src', 'a.ts'));
      expect(staleReason(runtime)).toBe('src/a.ts is gone');
    } finally {
      rmSync(runtime, { recursive: true, force: true });
    }
  });

  it('names the package of a bare specifier', () => {
    expect(packageName('exceljs')).toBe('exceljs');
    expect(packageName('drizzle-orm/better-sqlite3/migrator')).toBe('drizzle-orm');
    expect(packageName('@aws-sdk/client-s3')).toBe('@aws-sdk/client-s3');
    expect(packageName('@hono/node-server/serve-static')).toBe('@hono/node-server');
  });
});
