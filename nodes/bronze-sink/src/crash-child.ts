// A runtime process for the crash test: runs one graph over a data folder and exits. The test kills
// it with SIGKILL at random moments. Usage: crash-child.ts <graph.json> <data-dir>
import { readFileSync } from 'node:fs';
import { runTestGraph } from '@sluice/runtime/testing';

const [graphPath, dataDir] = process.argv.slice(2);
const { summary } = await runTestGraph(JSON.parse(readFileSync(graphPath!, 'utf8')), { dataDir: dataDir! });
process.stdout.write(JSON.stringify(summary.files) + '\n');
