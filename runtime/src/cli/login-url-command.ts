import { parseArgs } from 'node:util';
import { browserBaseUrl, loginUrl } from '../auth/first-run-login.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from '../server.ts';
import { openAuthData } from './auth-data.ts';
import { dataDirOf, portOf, UsageError } from './cli-paths.ts';

/** `sluice login-url`: a fresh one-time sign-in link (15 minutes) for a server on this data folder. */
export async function loginUrlCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { user: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`sluice login-url takes no argument ("${positionals.join(' ')}")`);
  const port = portOf(values.port, env, DEFAULT_PORT);
  const data = await openAuthData(dataDirOf(values.data, env), env, { create: true });
  try {
    const user = values.user;
    if (user !== undefined && !(await data.auth.users.get(user))) {
      console.error(`no user "${user}" (see sluice user list)`);
      return 1;
    }
    if (user === undefined && (await data.auth.users.count()) > 0 && !(await data.auth.users.firstAdmin()))
      throw new Error('no admin user exists: pass --user NAME');
    console.log(await loginUrl(data.auth, browserBaseUrl(values.host ?? DEFAULT_HOST, port), user));
    return 0;
  } finally {
    await data.close();
  }
}
