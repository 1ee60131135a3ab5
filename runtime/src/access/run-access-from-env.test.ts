import { existsSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_DIR } from '../cli/seed-examples.ts';
import { codeFolders } from './protected-paths.ts';
import { runAccessFromEnv } from './run-access-from-env.ts';

const WORKSPACE = realpathSync(fileURLToPath(new URL('../../..', import.meta.url)));
const RUNTIME = join(WORKSPACE, 'runtime');

function sandbox() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-access-')));
  const data = join(dir, 'data');
  mkdirSync(join(dir, 'in'), { recursive: true });
  mkdirSync(join(dir, 'out'), { recursive: true });
  return { dir, data };
}

describe('runAccessFromEnv: defaults', () => {
  it("reads <data>/landing and the examples' inputs, writes <data>/bronze, <data>/landing and the examples' Bronze folders (made)", async () => {
    const { data } = sandbox();
    const access = await runAccessFromEnv({}, { dataDir: data, examplesDir: EXAMPLES_DIR });
    expect(access.inputRoots).toEqual([
      join(data, 'landing'),
      join(WORKSPACE, 'examples/finance-workbook/input'),
      join(WORKSPACE, 'examples/gzip-csv-to-bronze/input'),
      join(WORKSPACE, 'examples/parquet-archive-backfill/archive'),
      join(WORKSPACE, 'examples/partner-sales-incremental/input'),
    ]);
    expect(access.outputRoots).toEqual([join(data, 'bronze'), join(data, 'landing')]);
    expect(access.allowedEndpoints).toEqual([]);
    expect(existsSync(join(data, 'landing')) && existsSync(join(data, 'bronze'))).toBe(true);
  });

  it("finds the runtime's code and workspace from its own module", () => {
    expect(codeFolders()).toEqual({ runtimeDir: RUNTIME, workspaceDir: WORKSPACE });
    // From the bundle's folder too.
    expect(codeFolders(join(RUNTIME, 'dist'))).toEqual({ runtimeDir: RUNTIME, workspaceDir: WORKSPACE });
  });
});

describe('runAccessFromEnv: settings', () => {
  it('takes the listed roots instead of the defaults, relative entries against the working directory, as real paths', async () => {
    const { dir, data } = sandbox();
    symlinkSync(join(dir, 'in'), join(dir, 'in-link'));
    const access = await runAccessFromEnv(
      {
        SLUICE_ALLOWED_ROOTS: 'in-link::in',
        SLUICE_OUTPUT_ROOTS: `${join(dir, 'out')}:in`,
        SLUICE_ALLOWED_ENDPOINTS: 'HTTP://127.0.0.1:7480/, https://s3.internal:443',
      },
      { dataDir: data, examplesDir: EXAMPLES_DIR, cwd: dir },
    );
    expect(access).toEqual({
      inputRoots: [join(dir, 'in')],
      outputRoots: [join(dir, 'out'), join(dir, 'in')],
      allowedEndpoints: ['http://127.0.0.1:7480', 'https://s3.internal'],
    });
  });

  it.each([
    ['the working directory holding the workspace (finding 4)', () => WORKSPACE, /holds the workspace/],
    [
      'runtime/dist, the bundle the next run imports (finding 4)',
      () => join(RUNTIME, 'dist'),
      /inside the workspace .*only examples\/<name>\/<folder> may be a root there/,
    ],
    ["the runtime's sources", () => join(RUNTIME, 'src'), /inside the workspace/],
    ['a node package', () => join(WORKSPACE, 'nodes/source-local'), /inside the workspace/],
    ["an example's code", () => join(WORKSPACE, 'examples/plugin-parse-fixed-width/src'), /inside the workspace/],
    ["an example's own folder (its generate.ts)", () => join(WORKSPACE, 'examples/gzip-csv-to-bronze'), /inside the workspace/],
  ])('refuses %s, naming the variable', async (_what, root, why) => {
    const { data } = sandbox();
    for (const name of ['SLUICE_ALLOWED_ROOTS', 'SLUICE_OUTPUT_ROOTS']) {
      const err = await runAccessFromEnv({ [name]: root() }, { dataDir: data }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(new RegExp(`^${name}: "${root()}" \\(${root()}\\) cannot be a root: `));
      expect((err as Error).message).toMatch(why);
    }
  });

  it('refuses the data folder and its internals: credentials.key, sluice.db, tmp (finding 6), whatever path leads there', async () => {
    const { dir, data } = sandbox();
    mkdirSync(join(data, 'tmp'), { recursive: true });
    writeFileSync(join(data, 'credentials.key'), 'x');
    symlinkSync(data, join(dir, 'innocent'));
    const cases: [string, RegExp][] = [
      [data, /holds the data folder/],
      [dir, /holds the data folder/],
      [join(dir, 'innocent'), /holds the data folder/],
      [join(data, 'credentials.key'), /the data folder's internal .*credentials\.key/],
      [join(data, 'sluice.db'), /internal .*sluice\.db/],
      [join(data, 'tmp'), /internal .*tmp/],
      [join(data, 'uploads'), /internal .*uploads/],
      [join(data, 'landing', '..', 'plugins'), /internal .*plugins/],
      [join(dir, 'innocent', 'locks'), /internal .*locks/],
    ];
    for (const [root, why] of cases) {
      await expect(runAccessFromEnv({ SLUICE_ALLOWED_ROOTS: root }, { dataDir: data })).rejects.toThrow(why);
    }
    // Folders of its own in the data folder are fine.
    expect((await runAccessFromEnv({ SLUICE_ALLOWED_ROOTS: join(data, 'incoming') }, { dataDir: data })).inputRoots).toEqual([join(data, 'incoming')]);
  });

  it('allows folders of a data folder kept in the checkout (`pnpm start` uses ./.sluice-data), not its internals', async () => {
    const data = join(WORKSPACE, '.sluice-data-access-test');
    const env = { SLUICE_ALLOWED_ROOTS: join(data, 'incoming'), SLUICE_OUTPUT_ROOTS: join(data, 'warehouse') };
    expect(await runAccessFromEnv(env, { dataDir: data })).toEqual({
      inputRoots: [join(data, 'incoming')],
      outputRoots: [join(data, 'warehouse')],
      allowedEndpoints: [],
    });
    await expect(runAccessFromEnv({ ...env, SLUICE_ALLOWED_ROOTS: join(data, 'credentials.key') }, { dataDir: data })).rejects.toThrow(/internal/);
    expect(existsSync(data)).toBe(false);
  });

  it('refuses the plugins folder and a credentials key kept elsewhere', async () => {
    const { dir, data } = sandbox();
    const plugins = join(dir, 'plugins');
    mkdirSync(join(plugins, 'acme'), { recursive: true });
    await expect(runAccessFromEnv({ SLUICE_OUTPUT_ROOTS: join(plugins, 'acme') }, { dataDir: data, pluginsDir: plugins })).rejects.toThrow(
      /SLUICE_OUTPUT_ROOTS: .*overlaps the plugins folder/,
    );
    await expect(runAccessFromEnv({ SLUICE_ALLOWED_ROOTS: dir }, { dataDir: join(dir, 'in', 'data'), pluginsDir: plugins })).rejects.toThrow(
      /holds the data folder/,
    );
    writeFileSync(join(dir, 'out', 'sluice.key'), 'k');
    await expect(
      runAccessFromEnv({ SLUICE_ALLOWED_ROOTS: join(dir, 'out'), SLUICE_CREDENTIALS_KEY_FILE: join(dir, 'out', 'sluice.key') }, { dataDir: data }),
    ).rejects.toThrow(/holds the credentials key/);
  });

  it('refuses endpoints that are not bare http(s) origins', async () => {
    const { data } = sandbox();
    for (const bad of ['127.0.0.1:7480', 'ftp://x', 'http://u:p@127.0.0.1', 'http://127.0.0.1/path', 'http://x/?q']) {
      await expect(runAccessFromEnv({ SLUICE_ALLOWED_ENDPOINTS: bad }, { dataDir: data })).rejects.toThrow(/^SLUICE_ALLOWED_ENDPOINTS: /);
    }
  });
});

describe('runAccessFromEnv: a graph run by `sluice run`', () => {
  const doc = (folder: string, root: string) => ({
    nodes: { src: { config: { folder } }, sink: { config: { root, table: 't' } }, s3: { config: { root: 's3://b/p' } } },
  });

  it("adds the graph's folder as an input root and its relative Bronze folder as an output root", async () => {
    const { dir, data } = sandbox();
    const access = await runAccessFromEnv({}, { dataDir: data, graphDir: join(dir, 'in'), graphDoc: doc('.', 'warehouse') });
    expect(access.inputRoots).toEqual([join(data, 'landing'), join(dir, 'in')]);
    expect(access.outputRoots).toEqual([join(data, 'bronze'), join(data, 'landing'), join(data, 'warehouse')]);
  });

  it('leaves out a graph folder that holds the data folder, an absolute root and a root that climbs into the internals, saying so when it matters', async () => {
    const { dir, data } = sandbox();
    const notes: string[] = [];
    const access = await runAccessFromEnv({}, { dataDir: data, graphDir: dir, graphDoc: doc('.', '../data/tmp'), onNote: (m) => notes.push(m) });
    expect(access.inputRoots).toEqual([join(data, 'landing')]);
    expect(access.outputRoots).toEqual([join(data, 'bronze'), join(data, 'landing')]);
    expect(notes).toEqual([
      `the graph's input folder ${dir} is not a root of this run: it holds the data folder ${data} (its database and credentials key)`,
      `the graph's output folder ${join(data, 'tmp')} is not a root of this run: it is the data folder's internal ${join(data, 'tmp')}`,
    ]);
    const absolute = await runAccessFromEnv({}, { dataDir: data, graphDir: join(dir, 'in'), graphDoc: doc('.', join(dir, 'out')) });
    expect(absolute.outputRoots).not.toContain(join(dir, 'out'));
    // `..` out of the data folder is the absolute root by another spelling: not opened either.
    const climbing = await runAccessFromEnv({}, { dataDir: data, graphDir: join(dir, 'in'), graphDoc: doc('.', '../out') });
    expect(climbing.outputRoots).toEqual([join(data, 'bronze'), join(data, 'landing')]);
  });

  it("says nothing about an example's own folder: its inputs are roots anyway", async () => {
    const { data } = sandbox();
    const notes: string[] = [];
    const graphDir = join(EXAMPLES_DIR, 'gzip-csv-to-bronze');
    await runAccessFromEnv({}, { dataDir: data, examplesDir: EXAMPLES_DIR, graphDir, graphDoc: doc('input', 'bronze'), onNote: (m) => notes.push(m) });
    expect(notes).toEqual([]);
  });
});
