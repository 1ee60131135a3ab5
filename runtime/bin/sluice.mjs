#!/usr/bin/env node
// The `sluice` command of the runtime package: runs the built CLI (runtime/dist, plain JavaScript),
// building it first when it is missing or older than its sources, so it never runs stale code.
import { BuildError, ensureBuiltCli } from './cli-build.mjs';

try {
  const { main } = await import(ensureBuiltCli());
  process.exitCode = await main(process.argv.slice(2), process.env);
} catch (err) {
  console.error(err instanceof BuildError ? `sluice: ${err.message}` : err);
  process.exitCode = 1;
}
