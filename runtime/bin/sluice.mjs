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

const { BuildError, ensureBuiltCli } = await import('./cli-build.mjs');
try {
  const { main } = await import(ensureBuiltCli());
  process.exitCode = await main(process.argv.slice(2), process.env);
} catch (err) {
  console.error(err instanceof BuildError ? `sluice: ${err.message}` : err);
  process.exitCode = 1;
}
