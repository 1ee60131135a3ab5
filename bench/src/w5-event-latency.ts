// W5 alone, with its sizes as flags (`pnpm bench --only W5` runs it with the benchmark's sizes and
// writes the report): prints the bucket event latency table.
//
//   tsx bench/src/w5-event-latency.ts [--files 500] [--sparse 30] [--per-graph 1] [--concurrency 16]
import { parseArgs } from 'node:util';
import { eventLatencyTable } from './report/results-table.ts';
import { runEventLatency } from './run-event-latency.ts';
import { LazyS3Server } from './s3/lazy-s3-server.ts';
import { eventLatencyProblems } from './verify/event-latency-problems.ts';

const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: '500' },
    sparse: { type: 'string', default: '30' },
    'per-graph': { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '16' },
  },
});
const count = (flag: keyof typeof args) => {
  const n = Number(args[flag]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag}: "${args[flag]}" is not a positive integer`);
  return n;
};
const options = { burst: count('files'), sparse: count('sparse'), perGraph: count('per-graph'), concurrency: count('concurrency') };
const log = (line: string) => console.log(line);
const s3 = new LazyS3Server(log);
try {
  const result = await runEventLatency(await s3.get(), { ...options, log });
  console.log(`\n${eventLatencyTable(result)}`);
  const problems = eventLatencyProblems(result);
  for (const p of problems) console.error(`W5: ${p}`);
  process.exitCode = problems.length ? 1 : 0;
} finally {
  await s3.stop();
}
