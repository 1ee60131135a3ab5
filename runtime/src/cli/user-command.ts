import { parseArgs } from 'node:util';
import { AuthConflictError } from '@sluice/store';
import { hashPassword } from '../auth/password-hash.ts';
import { openAuthData } from './auth-data.ts';
import { dataDirOf, UsageError } from './cli-paths.ts';
import { readNewPassword } from './read-password.ts';
import { roleOf } from './token-command.ts';

/** `sluice user add|passwd|remove|list`: the users who sign in to the editor. */
export async function userCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { role: { type: 'string' }, data: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const [action, name, ...rest] = positionals;
  if (rest.length) throw new UsageError(`sluice user ${action}: unexpected "${rest.join(' ')}"`);
  const dataDir = dataDirOf(values.data, env);
  if (action === 'list') {
    const data = await openAuthData(dataDir, env, { create: false });
    try {
      const users = await data.auth.users.list();
      if (!users.length) console.log('no users');
      for (const u of users) console.log(`${u.name.padEnd(24)} ${u.role.padEnd(7)} ${u.hasPassword ? 'password set' : 'no password (one-time links only)'}`);
      return 0;
    } finally {
      await data.close();
    }
  }
  if (action !== 'add' && action !== 'passwd' && action !== 'remove') throw new UsageError(`"${action ?? ''}" is not add, passwd, remove or list`);
  if (!name) throw new UsageError(`sluice user ${action} needs a user name`);
  // The password is read before the store is opened: a slow typist holds no database handle.
  const role = action === 'add' ? roleOf(values.role) : undefined;
  const hash = action === 'remove' ? undefined : await hashPassword(await readNewPassword({ fromStdin: Boolean(values['password-stdin']) }));
  const data = await openAuthData(dataDir, env, { create: action === 'add' });
  try {
    if (action === 'add') {
      await data.auth.users.create(name, role!, hash!);
      console.log(`added user "${name}" (${role})`);
    } else if (action === 'passwd') {
      if (!(await data.auth.users.update(name, { passwordHash: hash! }))) return notFound(name);
      const ended = await data.auth.sessions.endAllOf(name);
      console.log(`changed the password of "${name}"${ended ? `; signed out ${ended} session${ended === 1 ? '' : 's'}` : ''}`);
    } else {
      if (!(await data.auth.users.remove(name))) return notFound(name);
      console.log(`removed user "${name}" and their sessions`);
    }
    return 0;
  } catch (err) {
    if (err instanceof AuthConflictError || err instanceof RangeError) {
      console.error(`sluice user ${action}: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await data.close();
  }
}

function notFound(name: string): number {
  console.error(`no user "${name}" (see sluice user list)`);
  return 1;
}
