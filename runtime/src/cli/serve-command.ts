import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { untilStopSignal } from './until-stop-signal.ts';
import { openAuthStore } from '@sluice/store';
import { FIRST_RUN_TOKEN_NAME, writeFirstRunToken } from '../auth/first-run-token.ts';
import { bindRefusal } from '../http/bind-policy.ts';
import { httpSettingsOf } from '../http/http-settings.ts';
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from '../server.ts';
import { apiTokenOf, countOf, dataDirOf, pluginsDirOf, portOf } from './cli-paths.ts';
import { seedExamples } from './seed-examples.ts';

/** `sluice serve`: the runtime and the editor on one port until SIGINT/SIGTERM. */
export async function serveCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      plugins: { type: 'string' },
      concurrency: { type: 'string' },
      workers: { type: 'string' },
      'graph-concurrency': { type: 'string' },
      'allowed-hosts': { type: 'string' },
      'insecure-http': { type: 'boolean' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
    },
    strict: true,
  });
  // Every option is checked before anything is made on disk.
  const port = portOf(values.port, env, DEFAULT_PORT);
  const concurrency = {
    // --workers 0: this process queues runs and serves; `sluice worker` processes run them (PostgreSQL).
    global:
      values.workers === '0'
        ? 0
        : countOf(values.workers ?? values.concurrency, values.workers ? '--workers' : '--concurrency', env, 'SLUICE_RUN_CONCURRENCY', 2),
    perGraph: countOf(values['graph-concurrency'], '--graph-concurrency', env, 'SLUICE_GRAPH_RUN_CONCURRENCY', 1),
  };
  const apiToken = apiTokenOf(env);
  const http = httpSettingsOf(values, env);
  const host = values.host ?? DEFAULT_HOST;
  const refusal = bindRefusal(host, { tls: Boolean(http.tls), insecureHttp: http.insecureHttp === true });
  if (refusal) throw new Error(refusal);
  const dataDir = dataDirOf(values.data, env);
  const plugins = pluginsDirOf(values.plugins, env, dataDir);
  // The default plugins folder is made, so that users find where to put plugin packages.
  if (!plugins.explicit) mkdirSync(plugins.dir, { recursive: true });
  const server = await startServer({
    dataDir,
    port,
    host,
    pluginsDir: plugins.dir,
    concurrency,
    apiToken,
    http,
    env,
    prepare: async (store, registry) => {
      // Once per store, by the process that made it: on PostgreSQL a data folder is new at every
      // process's first start, and the examples would be imported again by each serve.
      if (!store.created) return;
      const names = await seedExamples(store, registry, (m) => console.log(m));
      if (names.length) console.log(`imported the example graphs: ${names.join(', ')}`);
      if (!apiToken) {
        const file = await writeFirstRunToken(openAuthStore(store), dataDir);
        console.log(
          `made an admin API token for scripts on this machine: in ${file} (mode 0600; "Authorization: Bearer $(cat ${file})"; revoke it with sluice token revoke ${FIRST_RUN_TOKEN_NAME})`,
        );
      }
    },
  });
  console.log(`Sluice is running at ${server.url} (data: ${dataDir}, plugins: ${plugins.dir}, ${server.registry.list().length} node types)`);
  for (const line of signInHelp(server.loginUrl, Boolean(apiToken), dataDir)) console.log(line);
  await untilStopSignal('stopping; running runs go back to the queue');
  await server.close();
  return 0;
}

/** How to get in: the one-time link when one was made, and the commands for tokens and users. */
function signInHelp(loginUrl: string | undefined, apiTokenSet: boolean, dataDir: string): string[] {
  const data = ` --data ${JSON.stringify(dataDir)}`;
  const lines = loginUrl
    ? [`Open the editor: ${loginUrl}`, '  (a one-time sign-in link, good for 15 minutes; every start without a user password prints a new one)']
    : apiTokenSet
      ? ['API: send SLUICE_API_TOKEN as "Authorization: Bearer <token>"; sign in to the editor with a user, or a link from `sluice login-url`']
      : [`Sign in with your user name and password, or open a one-time link: sluice login-url${data}`];
  lines.push(`API tokens: sluice token create --name NAME [--role admin|editor|viewer]${data}`);
  return lines;
}
