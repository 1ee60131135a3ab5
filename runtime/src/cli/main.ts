import { errorMessage } from '@sluice/sdk';
import { UsageError } from './cli-paths.ts';

const USAGE = `Usage:
  sluice serve [--port N] [--host H] [--data DIR] [--plugins DIR] [--workers N] [--graph-concurrency N]
      [--allowed-hosts NAME,...] [--tls-cert FILE --tls-key FILE] [--insecure-http]
      the runtime and the editor on one port (default 127.0.0.1:4311; SLUICE_PORT, SLUICE_DATA_DIR,
      SLUICE_PLUGINS_DIR); runs at once: 2 in all, 1 per graph (SLUICE_RUN_CONCURRENCY,
      SLUICE_GRAPH_RUN_CONCURRENCY; --workers is --concurrency, and 0 leaves the runs to sluice worker
      processes: PostgreSQL only); a fresh data folder starts with the example graphs; an address
      other than loopback needs TLS or --insecure-http, other host names --allowed-hosts
  sluice worker [--data DIR] [--plugins DIR] [--concurrency N] [--graph-concurrency N]
      [--metrics-port N [--metrics-host H] [--allowed-hosts NAME,...] [--tls-cert FILE --tls-key FILE] [--insecure-http]]
      takes runs from the job queue of the PostgreSQL store SLUICE_DATABASE_URL names and executes
      them (2 at once), beside other workers and serve processes; each process its own --data;
      --metrics-port (SLUICE_METRICS_PORT) serves its GET /metrics, authenticated as the API is,
      on 127.0.0.1 unless --metrics-host (SLUICE_METRICS_HOST) says otherwise
  sluice run <graph.json> [--data DIR] [--plugins DIR] [--params JSON]
      runs a graph here and prints a per-node summary; exit code 1 when the run or a file failed
  sluice preview <file> [--type <node-type>] [--config <json>] [--rows N]
      prints the schema and first rows a parse node makes of the file, as JSON
  sluice token create --name NAME [--role admin|editor|viewer] | token list | token revoke <id|name>
      API tokens for "Authorization: Bearer <token>" (create prints the token once; role default admin)
  sluice user add <name> --role R [--password-stdin] | user passwd <name> | user remove <name> | user list
      users who sign in to the editor (the password is typed at a prompt, or read from standard input)
  sluice login-url [--user NAME] [--port N]
      prints a one-time sign-in link for the editor (15 minutes)
  token, user and login-url take --data DIR and may run while the server runs
Data folder default: ./.sluice-data; SLUICE_API_TOKEN (of serve) is an admin token from the environment`;

// Each command's code is imported when it is chosen: `sluice run` never loads the server's routes.
const COMMANDS: Record<string, (args: string[], env: NodeJS.ProcessEnv) => Promise<number>> = {
  serve: async (args, env) => (await import('./serve-command.ts')).serveCommand(args, env),
  worker: async (args, env) => (await import('./worker-command.ts')).workerCommand(args, env),
  run: async (args, env) => (await import('./run-command.ts')).runCommand(args, env),
  preview: async (args, env) => (await import('./preview-command.ts')).previewCommand(args, env),
  token: async (args, env) => (await import('./token-command.ts')).tokenCommand(args, env),
  user: async (args, env) => (await import('./user-command.ts')).userCommand(args, env),
  'login-url': async (args, env) => (await import('./login-url-command.ts')).loginUrlCommand(args, env),
};

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    console.error(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(args, env);
  } catch (err) {
    // parseArgs reports unknown or malformed options with ERR_PARSE_ARGS_* codes.
    const usage = err instanceof UsageError || String((err as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS');
    console.error(`sluice ${command}: ${errorMessage(err)}${usage ? `\n\n${USAGE}` : ''}`);
    return usage ? 2 : 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/cli/main.ts')) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
