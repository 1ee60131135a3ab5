#!/usr/bin/env node
// The `sluice` command of the runtime package: runs the built CLI (runtime/dist, plain JavaScript),
// building it first when it is missing or older than its sources, so it never runs stale code.
import { nodeVersionProblem } from './node-version.mjs';

// Checked before anything else is loaded: on an older Node the CLI would fail later, less clearly.
const tooOld = nodeVersionProblem(process.versions.node, process.execPath);
if (tooOld) {
  console.error(tooOld);
  process.exit(1);
}

// Before anything else allocates: the young generation stays small (young-generation.mjs).
const { keepYoungGenerationSmall } = await import('./young-generation.mjs');
keepYoungGenerationSmall(process.execArgv, process.env.NODE_OPTIONS, (await import('node:v8')).setFlagsFromString);

// V8's compiled code of the built CLI, kept beside it: compiling runtime/dist again took ~30 ms of
// every start. Node checks each entry against its source, so a rebuild is never run from stale
// code; a folder that cannot be written (a read-only install) only means no cache.
const { enableCompileCache } = await import('node:module');
const { fileURLToPath } = await import('node:url');
enableCompileCache?.(fileURLToPath(new URL('../dist/.compile-cache', import.meta.url)));

const { BuildError, ensureBuiltCli } = await import('./cli-build.mjs');
try {
  const { main } = await import(ensureBuiltCli());
  process.exitCode = await main(process.argv.slice(2), process.env);
} catch (err) {
  console.error(err instanceof BuildError ? `sluice: ${err.message}` : err);
  process.exitCode = 1;
}
