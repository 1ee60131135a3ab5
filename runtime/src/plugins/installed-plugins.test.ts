import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installedPlugins, RUNTIME_DIR } from './installed-plugins.ts';

const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples', import.meta.url));
const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

/** A plugins folder with real packages written on the spot (plain JavaScript, as a third party ships). */
function pluginsFolder(packages: Record<string, { pkg: unknown; files?: Record<string, string> }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-plugins-'));
  tempDirs.push(dir);
  for (const [folder, { pkg, files }] of Object.entries(packages)) {
    mkdirSync(join(dir, folder, 'src'), { recursive: true });
    writeFileSync(join(dir, folder, 'package.json'), typeof pkg === 'string' ? pkg : JSON.stringify(pkg));
    for (const [name, text] of Object.entries(files ?? {})) writeFileSync(join(dir, folder, name), text);
  }
  return dir;
}

const pluginModule = (type: string, extra = '') => `
import { z } from 'zod';
export default {
  type: '${type}', version: 1, category: 'parse', title: 'T', description: 'A test plugin package',
  config: z.strictObject({ width: z.number().default(3) }),
  inputs: { files: { kind: 'files', title: 'Files' } }, outputs: { table: { kind: 'table', title: 'Rows' } },
  async run() {}, ${extra}
};`;

const manifestPkg = (name: string, nodes: Record<string, string>) => ({ name, version: '2.0.0', type: 'module', sluice: { apiVersion: 1, nodes } });

describe('discoverPlugins', () => {
  it('finds the built-in plugins among the runtime package dependencies', async () => {
    const registry = await installedPlugins();
    const info = registry.list().find((t) => t.type === 'decompress');
    expect(info).toMatchObject({ category: 'decompress', package: { name: '@sluice/node-decompress' } });
    expect(info?.configSchema.type).toBe('object');
    expect(registry.plannable('decompress')?.checkConfig?.({ maxRatio: -1 })[0]?.path).toEqual(['maxRatio']);
    // Whatever is refused is named by its package, and is a dependency of the runtime.
    const deps = Object.keys((await import(join(RUNTIME_DIR, 'package.json'), { with: { type: 'json' } })).default.dependencies);
    for (const p of registry.problems) expect(deps).toContain(p.package);
  });

  it('loads only the node types asked for (a headless run of one graph)', async () => {
    const registry = await installedPlugins({ only: new Set(['parse-csv', 'checkpoint']) });
    expect(registry.list().map((t) => t.type)).toEqual(['checkpoint', 'parse-csv']);
    expect(registry.get('source-s3')).toBeUndefined();
  });

  it('gives a package linked into the plugins folder (npm link) the host modules too', async () => {
    // Before any test shares examples/ itself: the link's real folder must be shared on its own.
    const dir = pluginsFolder({});
    symlinkSync(join(EXAMPLES_DIR, 'plugin-parse-fixed-width'), join(dir, 'fixed-width'));
    const registry = await installedPlugins({ pluginsDir: dir });
    expect(registry.problems.filter((p) => p.package === 'sluice-node-parse-fixed-width')).toEqual([]);
    expect(registry.entryOf('parse-fixed-width')?.plugin.config).toBeInstanceOf(z.ZodObject);
  });

  it('finds the third-party example when the plugins folder points at examples/, and it passes conformance shape', async () => {
    const registry = await installedPlugins({ pluginsDir: EXAMPLES_DIR });
    const entry = registry.entryOf('parse-fixed-width');
    expect(entry?.package).toMatchObject({ name: 'sluice-node-parse-fixed-width', origin: 'plugins-folder' });
    expect(registry.problems.filter((p) => p.package === 'sluice-node-parse-fixed-width')).toEqual([]);
    // The plugin got the runtime's own zod (a peer dependency the host provides).
    expect(entry?.plugin.config).toBeInstanceOf(z.ZodObject);
    expect(entry?.info.defaults).toMatchObject({ skipLines: 0, trim: true });
  });

  it('refuses invalid and duplicate plugins with a message naming the package, and keeps the valid ones', async () => {
    const dir = pluginsFolder({
      good: { pkg: manifestPkg('acme-good', { 'parse-good': './src/index.js' }), files: { 'src/index.js': pluginModule('parse-good') } },
      twin: { pkg: manifestPkg('acme-twin', { 'parse-good': './src/index.js' }), files: { 'src/index.js': pluginModule('parse-good') } },
      clash: { pkg: manifestPkg('acme-clash', { decompress: './src/index.js' }), files: { 'src/index.js': pluginModule('decompress') } },
      badmanifest: { pkg: { name: 'acme-bad-manifest', sluice: { apiVersion: 2, nodes: {} } } },
      noname: { pkg: { sluice: { apiVersion: 1, nodes: { x: './a.js' } } } },
      brokenjson: { pkg: '{"name": "acme-broken", ' },
      missing: { pkg: manifestPkg('acme-missing', { 'parse-missing': './src/nope.js' }) },
      escape: { pkg: manifestPkg('acme-escape', { 'parse-escape': '../good/src/index.js' }) },
      mismatch: { pkg: manifestPkg('acme-mismatch', { 'parse-one': './src/index.js' }), files: { 'src/index.js': pluginModule('parse-two') } },
      shape: { pkg: manifestPkg('acme-shape', { 'parse-shape': './src/index.js' }), files: { 'src/index.js': pluginModule('parse-shape', 'run: 42,') } },
      throws: { pkg: manifestPkg('acme-throws', { 'parse-throws': './src/index.js' }), files: { 'src/index.js': "throw new Error('boom at load');" } },
      nodefault: { pkg: manifestPkg('acme-nodefault', { 'parse-nodefault': './src/index.js' }), files: { 'src/index.js': 'export const x = 1;' } },
      notaplugin: { pkg: { name: 'left-pad', version: '1.0.0' } },
    });
    const warnings: string[] = [];
    const registry = await installedPlugins({ pluginsDir: dir, warn: (m) => warnings.push(m) });
    expect(registry.entryOf('parse-good')?.package.name).toBe('acme-good');
    expect(registry.entryOf('decompress')?.package.name).toBe('@sluice/node-decompress');
    const problem = (pkg: string) =>
      registry.problems
        .filter((p) => p.package === pkg || p.dir.endsWith(`/${pkg}`))
        .map((p) => p.message)
        .join(' | ');
    expect(problem('acme-twin')).toMatch(/node type "parse-good" is already provided by package acme-good/);
    expect(problem('acme-clash')).toMatch(/node type "decompress" is already provided by package @sluice\/node-decompress/);
    expect(problem('acme-bad-manifest')).toMatch(
      /invalid "sluice" manifest.*sluice\.apiVersion: apiVersion must be 1.*sluice\.nodes: must list at least one node type/,
    );
    expect(problem('noname')).toMatch(/no "name"/);
    expect(problem('brokenjson')).toMatch(/package\.json cannot be read/);
    expect(problem('acme-missing')).toMatch(/module "\.\/src\/nope\.js" does not exist/);
    expect(problem('acme-escape')).toMatch(/outside the package folder/);
    expect(problem('acme-mismatch')).toMatch(/manifest lists node type "parse-one" but the module's plugin has type "parse-two"/);
    expect(problem('acme-shape')).toMatch(/not a valid node plugin: run: must be a function/);
    expect(problem('acme-throws')).toMatch(/failed to load: boom at load/);
    expect(problem('acme-nodefault')).toMatch(/no default export/);
    expect(problem('left-pad')).toBe('');
    expect(registry.get('parse-shape')).toBeUndefined();
    expect(warnings.some((w) => w.startsWith('plugin package acme-twin ('))).toBe(true);
  });

  it('finds packages installed with npm in the plugins folder, scoped ones included', async () => {
    const dir = pluginsFolder({
      'node_modules/@acme/parse-scoped': {
        pkg: manifestPkg('@acme/parse-scoped', { '@acme/parse-scoped': './src/index.js' }),
        files: { 'src/index.js': pluginModule('@acme/parse-scoped') },
      },
      'node_modules/plain': { pkg: manifestPkg('plain', { 'parse-plain': './src/index.js' }), files: { 'src/index.js': pluginModule('parse-plain') } },
    });
    const registry = await installedPlugins({ pluginsDir: dir });
    expect(registry.get('@acme/parse-scoped')?.type).toBe('@acme/parse-scoped');
    expect(registry.get('parse-plain')).toBeDefined();
  });

  it('reports a plugins folder that does not exist', async () => {
    const registry = await installedPlugins({ pluginsDir: '/nonexistent/sluice-plugins' });
    expect(registry.problems).toContainEqual(expect.objectContaining({ dir: '/nonexistent/sluice-plugins', message: 'the plugins folder does not exist' }));
  });
});
