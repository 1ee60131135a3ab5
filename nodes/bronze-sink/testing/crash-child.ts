// A runtime process for the crash test: runs one graph over a data folder and exits. The test kills
// it with SIGKILL at random moments. Usage: crash-child.ts <graph.json> <data-dir>
import { readFileSync } from 'node:fs';
import { runTestGraph } from '@sluice/engine/testing';

const [graphPath, dataDir] = process.argv.slice(2);
// The roots come from the test, as the runtime would take them from its settings.
const list = (v: string | undefined, sep: string) => (v ?? '').split(sep).filter(Boolean);
const access = {
  inputRoots: list(process.env.SLUICE_ALLOWED_ROOTS, ':'),
  outputRoots: [dataDir!],
  allowedEndpoints: list(process.env.SLUICE_ALLOWED_ENDPOINTS, ','),
};
const { summary } = await runTestGraph(JSON.parse(readFileSync(graphPath!, 'utf8')), { dataDir: dataDir!, access });
process.stdout.write(JSON.stringify(summary.files) + '\n');
