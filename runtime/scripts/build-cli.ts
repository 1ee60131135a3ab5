import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUILD_INFO_FILE, type BuildInfo } from '../bin/cli-build.mjs';
import { builtRuntimePlugin, PLUGIN_THREAD_MODULE } from './built-runtime-plugin.ts';
import { externalPackagesPlugin } from './external-packages-plugin.ts';
import { sourceUrlPlugin } from './source-url-plugin.ts';

/** The runtime package's folder. */
export const RUNTIME_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface BuildCliResult {
  outdir: string;
  /** The files written (entry points and chunks). */
  files: string[];
  milliseconds: number;
}

/**
 * Builds the CLI (runtime/src/cli/main.ts) into `outdir` (runtime/dist): one ES module bundle, code
 * split, with the workspace's `@sluice/*` packages inlined and third-party packages left as imports.
 * Each built-in node type stays its own lazily imported chunk, and `@sluice/sdk` is an entry point of
 * its own (sdk.js) so that plugins from a plugins folder share the build's copy. Files are replaced
 * one by one (write, then rename), so a process starting meanwhile reads whole files; chunks of an
 * older build are then removed. `dist/build-info.json` lists the inputs for the freshness check of
 * runtime/bin/sluice.mjs. The workers of plugin threads load an entry point of their own
 * (plugin-thread.js), which shares the chunks, so a worker gets the build's built-in plugins too.
 */
export async function buildCli(runtimeDir = RUNTIME_DIR, outdir = join(runtimeDir, 'dist')): Promise<BuildCliResult> {
  const startedAt = Date.now();
  const hostModules = { '@sluice/sdk': 'sdk.js' };
  // drizzle-orm is the runtime's alone (no plugin shares it) and is pure JavaScript: inlined, its
  // ~120 small modules load as part of one chunk (~55 ms less per start).
  const result = await build({
    absWorkingDir: runtimeDir,
    entryPoints: { main: join(runtimeDir, 'src/cli/main.ts'), sdk: '@sluice/sdk', 'plugin-thread': PLUGIN_THREAD_MODULE },
    outdir,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Node's own conditions only (esbuild adds "module" otherwise), so esbuild resolves as Node will.
    conditions: [],
    write: false,
    metafile: true,
    logLevel: 'warning',
    plugins: [
      builtRuntimePlugin(runtimeDir, { hostModules, threadEntry: 'plugin-thread.js' }),
      externalPackagesPlugin(runtimeDir, outdir, ['drizzle-orm']),
      sourceUrlPlugin(outdir),
    ],
  });
  await mkdir(outdir, { recursive: true });
  const written = new Set<string>();
  for (const file of result.outputFiles) {
    const temp = `${file.path}.${process.pid}.tmp`;
    await writeFile(temp, file.contents);
    await rename(temp, file.path);
    written.add(file.path);
  }
  for (const name of await readdir(outdir)) {
    const path = join(outdir, name);
    if (name.endsWith('.js') && !written.has(path)) await rm(path, { force: true });
  }
  const info: BuildInfo = { startedAt, inputs: await buildInputs(runtimeDir, Object.keys(result.metafile.inputs)) };
  const infoPath = join(outdir, BUILD_INFO_FILE);
  await writeFile(`${infoPath}.${process.pid}.tmp`, `${JSON.stringify(info, null, 1)}\n`);
  await rename(`${infoPath}.${process.pid}.tmp`, infoPath);
  return { outdir, files: [...written], milliseconds: Date.now() - startedAt };
}

/**
 * What the build depends on, relative to the runtime's folder: the bundled source files, the
 * package.json of every workspace package among them (manifests, dependencies), the workspace's
 * lockfile (which third-party packages are installed where, inlined ones included), and this
 * build's own scripts.
 */
async function buildInputs(runtimeDir: string, bundled: string[]): Promise<string[]> {
  const inputs = new Set<string>();
  for (const input of bundled) {
    const path = resolve(runtimeDir, input);
    if (path.includes('/node_modules/')) continue; // an inlined package: the lockfile stands for it
    inputs.add(path);
    const pkg = nearest(dirname(path), 'package.json');
    if (pkg) inputs.add(pkg);
  }
  for (const name of await readdir(join(runtimeDir, 'scripts')))
    if (name.endsWith('.ts') && !name.endsWith('.test.ts')) inputs.add(join(runtimeDir, 'scripts', name));
  inputs.add(join(runtimeDir, 'bin', 'cli-build.mjs'));
  const lockfile = nearest(runtimeDir, 'pnpm-lock.yaml');
  if (lockfile) inputs.add(lockfile);
  return [...inputs].map((p) => relative(runtimeDir, p)).sort();
}

/** `<dir>/<name>` in `dir` or the nearest folder above it that has one. */
function nearest(dir: string, name: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, name))) return join(d, name);
    if (dirname(d) === d) return undefined;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const r = await buildCli();
    console.error(`built ${relative(process.cwd(), r.outdir) || '.'} (${r.files.length} files) in ${r.milliseconds} ms`);
  } catch (err) {
    // esbuild has already printed each error with its file and line.
    if (!(err as { errors?: unknown[] }).errors?.length) console.error(err);
    process.exitCode = 1;
  }
}
