import { parseArgs } from 'node:util';
import { untilStopSignal } from './until-stop-signal.ts';
import { startWorker } from '../worker.ts';
import { countOf, dataDirOf, pluginsDirOf } from './cli-paths.ts';

/** `sluice worker`: executes runs from the shared PostgreSQL store's job queue until SIGINT/SIGTERM. */
export async function workerCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      plugins: { type: 'string' },
      concurrency: { type: 'string' },
      'graph-concurrency': { type: 'string' },
    },
    strict: true,
  });
  const concurrency = {
    global: countOf(values.concurrency, '--concurrency', env, 'SLUICE_RUN_CONCURRENCY', 2),
    perGraph: countOf(values['graph-concurrency'], '--graph-concurrency', env, 'SLUICE_GRAPH_RUN_CONCURRENCY', 1),
  };
  const dataDir = dataDirOf(values.data, env);
  const plugins = pluginsDirOf(values.plugins, env, dataDir);
  const worker = await startWorker({ dataDir, pluginsDir: plugins.dir, concurrency, env });
  console.log(`Sluice worker taking runs from ${worker.store.path} (${concurrency.global} at once; data: ${dataDir})`);
  await untilStopSignal('stopping; runs in hand go back to the queue for another worker');
  await worker.close();
  return 0;
}
