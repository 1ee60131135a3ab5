// Loads every native dependency of the workspace on the Node that runs this script, from the package
// that depends on it, and uses it once: a module built for another Node's ABI (better-sqlite3,
// zstd-napi) or a missing prebuilt binary (nodejs-polars, DuckDB) fails here instead of in a test.
// Exit 0 when all load; otherwise one line per failure and exit 1. Run by scripts/setup.sh.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const checks = [
  ['runtime', 'better-sqlite3', (m) => new m(':memory:').prepare('select 1 as x').get().x === 1],
  ['nodes/sdk', 'zstd-napi', (m) => typeof m.decompress === 'function' && m.decompress(m.compress(Buffer.from('ok'))).toString() === 'ok'],
  ['nodes/sdk', 'nodejs-polars', (m) => (m.default ?? m).DataFrame({ a: [1, 2] }).height === 2],
  ['nodes/parse-parquet', '@duckdb/node-api', (m) => typeof m.DuckDBInstance?.create === 'function'],
];

let failed = 0;
for (const [dir, name, works] of checks) {
  try {
    const mod = createRequire(`${root}${dir}/package.json`)(name);
    if (!works(mod)) throw new Error('loaded, but did not work');
  } catch (err) {
    failed++;
    console.error(`${name} (from ${dir}) on Node ${process.version}: ${String(err?.message ?? err).split('\n')[0]}`);
  }
}
process.exit(failed ? 1 : 0);
