// A runtime process for the crash test: runs one graph over a data folder and exits. The test kills
// it with SIGKILL at random moments, or at a chosen step of a landing (SLUICE_CRASH_PAUSE).
// Usage: crash-child.ts <graph.json> <data-dir>
import { readFileSync } from 'node:fs';
import { runTestGraph } from '@sluice/engine/testing';
import { pausingSink } from './pausing-sink.ts';

const [graphPath, dataDir] = process.argv.slice(2);
// The roots come from the test, as the runtime would take them from its settings.
const list = (v: string | undefined, sep: string) => (v ?? '').split(sep).filter(Boolean);
const access = {
  inputRoots: list(process.env.SLUICE_ALLOWED_ROOTS, ':'),
  outputRoots: [dataDir!],
  allowedEndpoints: list(process.env.SLUICE_ALLOWED_ENDPOINTS, ','),
};
const pause = process.env.SLUICE_CRASH_PAUSE;
const plugins = pause ? [pausingSink(pause, process.env.SLUICE_CRASH_MARKER!)] : [];
const { summary } = await runTestGraph(JSON.parse(readFileSync(graphPath!, 'utf8')), { dataDir: dataDir!, access, plugins });
process.stdout.write(JSON.stringify(summary.files) + '\n');
