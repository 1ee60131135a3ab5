// The rules of `pnpm lint` themselves: a small workspace of the target layout passes, and a
// violation of each rule planted in it fails, naming the rule and the file. The fixture is a temp
// folder with the repository's own biome.json and tsconfig.base.json; the checks run in it with
// the repository's tools and configs, exactly as `pnpm lint` runs them at the root.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const biome = join(repo, 'node_modules/@biomejs/biome/bin/biome');
const lintScript = (name: string) => join(repo, 'scripts/lint', name);

let root: string;
let planted: string[] = [];

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function write(rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/** A file of a violation: removed after the test, so every test starts from the clean workspace. */
function plant(rel: string, text: string): void {
  write(rel, text);
  planted.push(rel);
}

function run(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

const biomeCheck = () => run([biome, 'check', '--error-on-warnings', '--max-diagnostics=none', '.']);
const boundaries = () => run([lintScript('check-boundaries.mjs')]);
const typeNames = () => run([lintScript('no-builtin-type-names.mjs')]);

function nodePackage(name: string, devDependencies: Record<string, string>): void {
  write(
    `nodes/${name}/package.json`,
    json({
      name: `@sluice/node-${name}`,
      type: 'module',
      exports: { '.': './src/index.ts' },
      sluice: { apiVersion: 1, nodes: { [name]: './src/index.ts' } },
      dependencies: { '@sluice/sdk': 'workspace:*' },
      devDependencies,
    }),
  );
  write(`nodes/${name}/src/index.ts`, `import { sdk } from '@sluice/sdk';\n\nexport const type = sdk;\n`);
}

/** The target layout in miniature, with one allowed import of each kind. */
function cleanWorkspace(): void {
  write('package.json', json({ name: 'fixture', private: true, type: 'module' }));
  write('.gitignore', 'node_modules/\n');
  copyFileSync(join(repo, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
  // The repository's config as written (Biome checks its own config's format too), less the schema path.
  write('biome.json', readFileSync(join(repo, 'biome.json'), 'utf8').replace(/^\s*"\$schema": .*\n/m, ''));

  write(
    'nodes/sdk/package.json',
    json({
      name: '@sluice/sdk',
      type: 'module',
      exports: {
        '.': './src/index.ts',
        './graph': './src/graph/index.ts',
        './wire': './src/wire/index.ts',
        './testing/graph': './testing/test-graph.ts',
      },
    }),
  );
  write('nodes/sdk/src/index.ts', `export const sdk = 'sdk';\n`);
  write('nodes/sdk/src/graph/index.ts', `export const graph = 'graph';\n`);
  write('nodes/sdk/src/wire/index.ts', `export const wire = 'wire';\n`);
  write('nodes/sdk/testing/test-graph.ts', `export const testGraph = 'test-graph';\n`);

  const testDeps = { '@sluice/engine': 'workspace:*', '@sluice/testing': 'workspace:*' };
  nodePackage('parse-a', { ...testDeps, '@sluice/node-parse-b': 'workspace:*' });
  nodePackage('parse-b', testDeps);
  // A node's test may use the engine's harness, test support and a sibling node package.
  write(
    'nodes/parse-a/src/index.test.ts',
    [
      `import { runTestGraph } from '@sluice/engine/testing';`,
      `import { type as b } from '@sluice/node-parse-b';`,
      `import { s3 } from '@sluice/testing/s3';`,
      `import { type } from './index.ts';`,
      '',
      'export const all = [runTestGraph, b, s3, type];',
      '',
    ].join('\n'),
  );

  write('editor/package.json', json({ name: '@sluice/editor', type: 'module', dependencies: { '@sluice/sdk': 'workspace:*' } }));
  write('editor/src/app.ts', `import { graph } from '@sluice/sdk/graph';\nimport { wire } from '@sluice/sdk/wire';\n\nexport const app = [graph, wire];\n`);
  // An editor test may use node:* and the SDK's browser-safe test fixtures.
  write(
    'editor/src/app.test.ts',
    `import { readFileSync } from 'node:fs';\nimport { testGraph } from '@sluice/sdk/testing/graph';\n\nexport const read = [readFileSync, testGraph];\n`,
  );

  write(
    'store/package.json',
    json({
      name: '@sluice/store',
      type: 'module',
      exports: { '.': './src/index.ts', './schema': './src/schema.ts' },
      dependencies: { '@sluice/sdk': 'workspace:*', 'drizzle-orm': '1.0.0' },
    }),
  );
  write('store/src/db/runs-table.ts', `export const runs = 'runs';\n`);
  write('store/src/schema.ts', `export { runs } from './db/runs-table.ts';\n`);
  write(
    'store/src/index.ts',
    `import { sdk } from '@sluice/sdk';\nimport { sql } from 'drizzle-orm';\nimport { runs } from './schema.ts';\n\nexport const store = [sdk, sql, runs];\n`,
  );

  write(
    'engine/package.json',
    json({
      name: '@sluice/engine',
      type: 'module',
      exports: { '.': './src/index.ts', './testing': './testing/index.ts' },
      dependencies: { '@sluice/sdk': 'workspace:*', '@sluice/store': 'workspace:*' },
      devDependencies: { '@sluice/testing': 'workspace:*' },
    }),
  );
  write('engine/src/index.ts', `import { sdk } from '@sluice/sdk';\nimport { store } from '@sluice/store';\n\nexport const engine = [sdk, store];\n`);
  write(
    'engine/testing/index.ts',
    `import { s3 } from '@sluice/testing/s3';\nimport { engine } from '../src/index.ts';\n\nexport const runTestGraph = [engine, s3];\n`,
  );

  write('testing/package.json', json({ name: '@sluice/testing', type: 'module', exports: { './s3': './s3/index.ts' } }));
  write('testing/s3/index.ts', `export const s3 = 's3';\n`);

  write(
    'runtime/package.json',
    json({
      name: '@sluice/runtime',
      type: 'module',
      exports: { '.': './src/index.ts' },
      dependencies: { '@sluice/engine': 'workspace:*', '@sluice/sdk': 'workspace:*', '@sluice/store': 'workspace:*', 'drizzle-orm': '1.0.0' },
    }),
  );
  write(
    'runtime/src/index.ts',
    `import { engine } from '@sluice/engine';\nimport { store } from '@sluice/store';\n\nexport const runtime = [engine, store];\n`,
  );
  // Type names the rule lets pass: in a comment, inside prose, in tests, under testing/.
  write('runtime/src/host.ts', `// parse-a is a built-in node: 'parse-a'\nexport const prose = 'parse-a reads files';\n`);
  write('runtime/src/host.test.ts', `export const type = 'parse-a';\n`);
  write('runtime/src/testing/fixture-graph.ts', `export const type = 'parse-b';\n`);

  // What pnpm links: the workspace packages by name, and two npm packages.
  const links: Record<string, string> = {
    '@sluice/sdk': 'nodes/sdk',
    '@sluice/node-parse-a': 'nodes/parse-a',
    '@sluice/node-parse-b': 'nodes/parse-b',
    '@sluice/editor': 'editor',
    '@sluice/store': 'store',
    '@sluice/engine': 'engine',
    '@sluice/testing': 'testing',
    '@sluice/runtime': 'runtime',
  };
  for (const [name, target] of Object.entries(links)) {
    mkdirSync(dirname(join(root, 'node_modules', name)), { recursive: true });
    symlinkSync(join(root, target), join(root, 'node_modules', name), 'dir');
  }
  for (const name of ['drizzle-orm', 'left-pad']) {
    write(`node_modules/${name}/package.json`, json({ name, version: '1.0.0', type: 'module', main: 'index.js' }));
    write(`node_modules/${name}/index.js`, `export const sql = 1;\n`);
  }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sluice-lint-rules-'));
  cleanWorkspace();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  for (const rel of planted) rmSync(join(root, rel), { force: true });
  planted = [];
});

describe('the clean workspace', () => {
  it('passes every check, and pnpm lint as a whole', () => {
    const all = run([lintScript('lint.mjs')]);
    expect(all.out).toContain('lint: ok');
    expect(all.status).toBe(0);
    expect(boundaries().out).toMatch(/boundaries: ok \(\d+ modules/);
    expect(typeNames().out).toContain('no-builtin-type-name-in-runtime: ok (2 built-in types');
  });
});

describe('biome', () => {
  it('fails on code not formatted as configured', () => {
    plant('runtime/src/badly-formatted.ts', 'export const quoted = "double";\n');
    const r = biomeCheck();
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/runtime\/src\/badly-formatted\.ts.*format/);
  });

  it('fails on an unused import', () => {
    plant('nodes/parse-a/src/unused.ts', `import { sdk } from '@sluice/sdk';\n\nexport const unused = 1;\n`);
    const r = biomeCheck();
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/nodes\/parse-a\/src\/unused\.ts.*noUnusedImports/);
  });

  it('fails on a focused test (it.only)', () => {
    plant('nodes/parse-a/src/focused.test.ts', `import { it } from 'vitest';\n\nit.only('runs alone', () => {});\n`);
    const r = biomeCheck();
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/nodes\/parse-a\/src\/focused\.test\.ts.*noFocusedTests/);
  });
});

describe('import boundaries', () => {
  // [rule, file planted, its text]
  const cases: [string, string, string][] = [
    ['editor-imports-browser-sdk-only', 'editor/src/server-side.ts', `import { sdk } from '@sluice/sdk';\n\nexport const x = sdk;\n`],
    [
      'editor-imports-browser-sdk-only',
      'editor/src/runtime-by-path.ts',
      `import { runtime } from '../../runtime/src/index.ts';\n\nexport const x = runtime;\n`,
    ],
    [
      'editor-imports-browser-sdk-only',
      'editor/src/test-fixture.ts',
      `import { testGraph } from '@sluice/sdk/testing/graph';\n\nexport const x = testGraph;\n`,
    ],
    ['editor-tests-import-browser-sdk-only', 'editor/src/server-side.test.ts', `import { sdk } from '@sluice/sdk';\n\nexport const x = sdk;\n`],
    ['editor-no-node-builtins', 'editor/src/reads-disk.ts', `import { readFileSync } from 'node:fs';\n\nexport const x = readFileSync;\n`],
    ['node-imports-sdk-only', 'nodes/parse-a/src/sibling.ts', `import { type } from '@sluice/node-parse-b';\n\nexport const x = type;\n`],
    ['node-imports-sdk-only', 'nodes/parse-a/src/engine.ts', `import { engine } from '@sluice/engine';\n\nexport const x = engine;\n`],
    ['node-tests-import-test-support-only', 'nodes/parse-a/src/engine.test.ts', `import { runtime } from '@sluice/runtime';\n\nexport const x = runtime;\n`],
    ['sdk-imports-no-workspace', 'nodes/sdk/src/store.ts', `import { store } from '@sluice/store';\n\nexport const x = store;\n`],
    ['engine-imports-sdk-and-store-only', 'engine/src/test-support.ts', `import { s3 } from '@sluice/testing/s3';\n\nexport const x = s3;\n`],
    ['engine-tests-import-test-support-only', 'engine/testing/runtime.ts', `import { runtime } from '@sluice/runtime';\n\nexport const x = runtime;\n`],
    ['store-imports-sdk-only', 'store/src/engine.ts', `import { runTestGraph } from '@sluice/engine/testing';\n\nexport const x = runTestGraph;\n`],
    ['db-schema-in-store-only', 'runtime/src/schema-user.ts', `import { runs } from '@sluice/store/schema';\n\nexport const x = runs;\n`],
    ['db-driver-in-store-only', 'runtime/src/raw-sql.ts', `import { sql } from 'drizzle-orm';\n\nexport const x = sql;\n`],
    ['packages-import-by-name', 'runtime/src/by-path.ts', `import { engine } from '../../engine/src/index.ts';\n\nexport const x = engine;\n`],
    ['no-undeclared-dependency', 'nodes/parse-b/src/hoisted.ts', `import { sql } from 'left-pad';\n\nexport const x = sql;\n`],
  ];

  it.each(cases)('%s fails on %s', (rule, file, text) => {
    plant(file, text);
    const r = boundaries();
    expect(r.status).toBe(1);
    expect(r.out).toContain(`error ${rule}: ${file} → `);
  });

  it('no-package-cycle fails on two packages that import each other (here through their tests)', () => {
    plant('nodes/parse-b/src/uses-a.test.ts', `import { type } from '@sluice/node-parse-a';\n\nexport const x = type;\n`);
    const r = boundaries();
    expect(r.status).toBe(1);
    expect(r.out).toContain('error no-package-cycle: nodes/parse-a → nodes/parse-b → nodes/parse-a');
    expect(r.out).toContain('nodes/parse-b/src/uses-a.test.ts → nodes/parse-a/src/index.ts');
  });
});

describe('no built-in node type named under runtime/src', () => {
  it('fails on a literal type, naming the file, the line and the type', () => {
    plant('runtime/src/upload.ts', `export const uploadable = (type: string) =>\n  ['parse-b'].includes(type);\n`);
    plant('runtime/src/preview.ts', 'export const parser = `parse-a`;\n');
    const r = typeNames();
    expect(r.status).toBe(1);
    expect(r.out).toContain(`runtime/src/upload.ts:2: 'parse-b' (built-in node type of nodes/parse-b)`);
    expect(r.out).toContain(`runtime/src/preview.ts:1: 'parse-a' (built-in node type of nodes/parse-a)`);
    expect(r.out).toContain('2 mention(s)');
  });
});
