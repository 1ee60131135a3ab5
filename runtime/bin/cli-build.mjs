// Whether runtime/dist (the built CLI, made by runtime/scripts/build-cli.ts) is up to date, and the
// build when it is not. Plain JavaScript: it runs before there is anything built to run.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The file in the build folder listing what the build was made from, and when. */
export const BUILD_INFO_FILE = 'build-info.json';

const RUNTIME_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Why the build in `<runtimeDir>/dist` cannot be used as it is (missing, or an input changed since
 * it started), or `undefined` when it is up to date. One `stat` per input: a few milliseconds.
 */
export function staleReason(runtimeDir = RUNTIME_DIR) {
  const dist = join(runtimeDir, 'dist');
  let info;
  try {
    info = JSON.parse(readFileSync(join(dist, BUILD_INFO_FILE), 'utf8'));
    statSync(join(dist, 'main.js'));
  } catch {
    return 'not built yet';
  }
  for (const input of info.inputs) {
    let mtime;
    try {
      mtime = statSync(join(runtimeDir, input)).mtimeMs;
    } catch {
      return `${input} is gone`;
    }
    if (mtime > info.startedAt) return `${input} changed`;
  }
  return undefined;
}

/** The build of runtime/dist failed (its messages are already on stderr). */
export class BuildError extends Error {
  name = 'BuildError';
}

/**
 * The URL of the built CLI's entry (runtime/dist/main.js), building it first when it is missing or
 * stale (the build's messages go to stderr). Throws a `BuildError` when the build fails.
 */
export function ensureBuiltCli(runtimeDir = RUNTIME_DIR) {
  const why = staleReason(runtimeDir);
  if (why) {
    process.stderr.write(`sluice: building runtime/dist (${why})\n`);
    const tsx = import.meta.resolve('tsx');
    const r = spawnSync(process.execPath, ['--import', tsx, join(runtimeDir, 'scripts', 'build-cli.ts')], { stdio: ['ignore', 2, 2] });
    if (r.status !== 0) throw new BuildError(`building runtime/dist failed (exit ${r.status ?? r.signal}); the messages above say why`);
  }
  return pathToFileURL(join(runtimeDir, 'dist', 'main.js')).href;
}
