import { parseArgs } from 'node:util';
import { untilStopSignal } from './until-stop-signal.ts';
import { startWorker } from '../worker.ts';
import { httpSettingsOf } from '../http/http-settings.ts';
import { apiTokenOf, countOf, dataDirOf, pluginsDirOf, portOf } from './cli-paths.ts';

/** `sluice worker`: executes runs from the shared PostgreSQL store's job queue until SIGINT/SIGTERM. */
export async function workerCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      plugins: { type: 'string' },
      concurrency: { type: 'string' },
      'graph-concurrency': { type: 'string' },
      'metrics-port': { type: 'string' },
      'metrics-host': { type: 'string' },
      'allowed-hosts': { type: 'string' },
      'insecure-http': { type: 'boolean' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
    },
    strict: true,
  });
  const concurrency = {
    global: countOf(values.concurrency, '--concurrency', env, 'SLUICE_RUN_CONCURRENCY', 2),
    perGraph: countOf(values['graph-concurrency'], '--graph-concurrency', env, 'SLUICE_GRAPH_RUN_CONCURRENCY', 1),
  };
  const dataDir = dataDirOf(values.data, env);
  const plugins = pluginsDirOf(values.plugins, env, dataDir);
  // GET /metrics on a port of its own when asked for (a worker serves nothing else).
  const asked = values['metrics-port'] ?? env.SLUICE_METRICS_PORT;
  const metrics =
    asked !== undefined
      ? {
          port: portOf(values['metrics-port'], env, 0, { flag: '--metrics-port', env: 'SLUICE_METRICS_PORT' }),
          host: values['metrics-host'] ?? env.SLUICE_METRICS_HOST ?? '127.0.0.1',
          http: httpSettingsOf(values, env),
          apiToken: apiTokenOf(env),
        }
      : undefined;
  const worker = await startWorker({ dataDir, pluginsDir: plugins.dir, concurrency, env, ...(metrics ? { metrics } : {}) });
  console.log(`Sluice worker taking runs from ${worker.store.path} (${concurrency.global} at once; data: ${dataDir})`);
  if (worker.metricsUrl) console.log(`metrics: ${worker.metricsUrl} (Authorization: Bearer <an API token>)`);
  await untilStopSignal('stopping; runs in hand go back to the queue for another worker');
  await worker.close();
  return 0;
}
