// Import boundaries of the Sluice workspace, checked by `pnpm lint` (dependency-cruiser).
// Paths are the resolved files relative to the folder depcruise runs in (the repository root),
// so a workspace package imported by name is matched by where it lives (nodes/sdk/src/...), and
// a rule about a folder that does not exist yet simply matches nothing.
// scripts/lint/lint-rules.test.ts plants a violation of each rule in a small workspace and runs this file on it.
const { existsSync, readFileSync } = require('node:fs');
const { join, posix } = require('node:path');

/** The SDK entry points the editor may import: browser-safe code only (no node:*, no polars). The one list. */
const EDITOR_SDK_ENTRIES = ['./graph', './wire'];
/** Browser-safe SDK test fixtures the editor's tests may import besides (never its product code). */
const EDITOR_TEST_SDK_ENTRIES = ['./testing/graph'];

/** Test code: *.test.ts(x) (e2e too) and everything under a testing/ or e2e/ folder. */
const TEST = '(\\.test\\.tsx?$|(^|/)(testing|e2e)/)';
/** Test code inside the folder that `prefix` (a regex) matches (three patterns: dependency-cruiser refuses nested quantifiers). */
const testIn = (prefix) => [`${prefix}.*\\.test\\.tsx?$`, `${prefix}(testing|e2e)/`, `${prefix}.*/(testing|e2e)/`];
/** Every workspace package folder but the SDK: what a plugin or the editor must not reach into. */
const WORKSPACE = '^(runtime|engine|store|testing|editor|bench|examples)/';
const SDK = '^nodes/sdk/';
/** The database: the schema's files and the drivers. Only the store touches them. */
const DB_SCHEMA = '^(store/src/db/|store/src/schema\\.ts$|runtime/src/db/)';
const DB_DRIVERS = '(^|/)node_modules/(@types/)?(drizzle-orm|better-sqlite3)/';
const DB_OWNERS = '^(store/|runtime/src/db/|runtime/src/store/)';
/** bench/src/profile measures SQLite itself on a database of its own: it owns no table of the store. */
const DB_DRIVER_MEASURED = '^bench/src/profile/';

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The files behind SDK entry points (EDITOR_SDK_ENTRIES unless given), read from nodes/sdk/package.json "exports". */
function editorSdkFiles(entries = EDITOR_SDK_ENTRIES) {
  const manifest = join(process.cwd(), 'nodes/sdk/package.json');
  const sdkExports = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')).exports ?? {}) : {};
  const files = entries
    .map((entry) => sdkExports[entry])
    .map((target) => (typeof target === 'string' ? target : (target?.import ?? target?.default)))
    .filter((target) => typeof target === 'string')
    .map((target) => posix.join('nodes/sdk', target));
  return files.length ? `^(${files.map(escapeRegex).join('|')})$` : '^$';
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'editor-imports-browser-sdk-only',
      comment: `The editor imports only @sluice/sdk's browser-safe entries (${EDITOR_SDK_ENTRIES.join(', ')}), never runtime, engine, store, testing or a node package.`,
      severity: 'error',
      from: { path: '^editor/src/', pathNot: TEST },
      to: { path: [WORKSPACE, '^nodes/'], pathNot: ['^editor/', editorSdkFiles()] },
    },
    {
      name: 'editor-tests-import-browser-sdk-only',
      comment: `The editor's tests import only @sluice/sdk's browser-safe entries (${[...EDITOR_SDK_ENTRIES, ...EDITOR_TEST_SDK_ENTRIES].join(', ')}), never runtime, engine, store, testing or a node package.`,
      severity: 'error',
      from: { path: testIn('^editor/src/') },
      to: { path: [WORKSPACE, '^nodes/'], pathNot: ['^editor/', editorSdkFiles([...EDITOR_SDK_ENTRIES, ...EDITOR_TEST_SDK_ENTRIES])] },
    },
    {
      name: 'editor-no-node-builtins',
      comment: 'Editor code runs in the browser: no node:* modules outside its tests.',
      severity: 'error',
      from: { path: '^editor/src/', pathNot: TEST },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'node-imports-sdk-only',
      comment: 'A node package imports only @sluice/sdk, its own npm dependencies and its own files: no other node package, runtime, engine, store or testing.',
      severity: 'error',
      from: { path: '^nodes/([^/]+)/', pathNot: [SDK, TEST] },
      to: { path: [WORKSPACE, '^nodes/'], pathNot: [SDK, '^nodes/$1/'] },
    },
    {
      name: 'node-tests-import-test-support-only',
      comment:
        "A node package's tests may also import @sluice/engine (its testing entry, and discovery for tests of installed plugins), @sluice/testing/*, @sluice/store (a real store for checkpoint and Bronze tests) and sibling node packages; nothing else of the workspace.",
      severity: 'error',
      from: { path: testIn('^nodes/([^/]+)/'), pathNot: SDK },
      to: { path: WORKSPACE, pathNot: ['^engine/', '^testing/', '^store/'] },
    },
    {
      name: 'sdk-imports-no-workspace',
      comment: '@sluice/sdk is the bottom of the graph: it imports nothing of the workspace.',
      severity: 'error',
      from: { path: SDK },
      to: { path: [WORKSPACE, '^nodes/'], pathNot: SDK },
    },
    {
      name: 'engine-imports-sdk-and-store-only',
      comment: '@sluice/engine imports only @sluice/sdk and @sluice/store (its testing entry and tests may also use @sluice/testing).',
      severity: 'error',
      from: { path: '^engine/', pathNot: TEST },
      to: { path: [WORKSPACE, '^nodes/'], pathNot: ['^engine/', SDK, '^store/'] },
    },
    {
      name: 'engine-tests-import-test-support-only',
      comment: "The engine's testing entry and tests may import @sluice/sdk, @sluice/store and @sluice/testing besides the engine.",
      severity: 'error',
      from: { path: testIn('^engine/') },
      to: { path: [WORKSPACE, '^nodes/'], pathNot: ['^engine/', SDK, '^store/', '^testing/'] },
    },
    {
      name: 'store-imports-sdk-only',
      comment: '@sluice/store sits on @sluice/sdk alone (its tests may also use @sluice/testing).',
      severity: 'error',
      from: { path: '^store/', pathNot: TEST },
      to: { path: [WORKSPACE, '^nodes/'], pathNot: ['^store/', SDK] },
    },
    {
      name: 'db-schema-in-store-only',
      comment: 'Only the store imports the database schema: every query of a table lives in one store repository.',
      severity: 'error',
      from: { pathNot: DB_OWNERS },
      to: { path: DB_SCHEMA },
    },
    {
      name: 'db-driver-in-store-only',
      comment: 'Only the store imports drizzle-orm or better-sqlite3 (no raw SQL outside it).',
      severity: 'error',
      from: { pathNot: [DB_OWNERS, DB_DRIVER_MEASURED] },
      to: { path: DB_DRIVERS },
    },
    {
      name: 'packages-import-by-name',
      comment:
        'A product package imports another workspace package by its name (so through its exports), never by a relative path into its folder. (bench and examples measure and drive internals: not held to it.)',
      severity: 'error',
      from: { path: '^(nodes/[^/]+|runtime|engine|store|testing|editor)/' },
      to: { path: '^(nodes/[^/]+|examples/[^/]+|runtime|engine|store|testing|editor|bench)/', pathNot: '^$1/', dependencyTypes: ['local'] },
    },
    {
      name: 'no-undeclared-dependency',
      comment: "A package imports only npm packages its package.json declares (no reliance on a hoisted or a sibling's dependency).",
      severity: 'error',
      from: { path: '^(nodes|runtime|engine|store|testing|editor|differential)/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
