import { parseArgs } from 'node:util';
import { ROLES, type Role } from '@sluice/store';
import { openAuthData } from './auth-data.ts';
import { dataDirOf, UsageError } from './cli-paths.ts';

/** A role from a flag, or the usage error naming the choices. */
export function roleOf(raw: string | undefined, fallback?: Role): Role {
  if (raw === undefined && fallback) return fallback;
  if (!ROLES.includes(raw as Role)) throw new UsageError(`--role: "${raw ?? ''}" is not a role: ${ROLES.join(', ')}`);
  return raw as Role;
}

/** `sluice token create|list|revoke`: API tokens for `Authorization: Bearer`, in the data folder's store. */
export async function tokenCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { name: { type: 'string' }, role: { type: 'string' }, data: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [action, target, ...rest] = positionals;
  if (rest.length) throw new UsageError(`sluice token ${action}: unexpected "${rest.join(' ')}"`);
  const dataDir = dataDirOf(values.data, env);
  if (action === 'create') {
    if (!values.name) throw new UsageError('sluice token create needs --name NAME');
    const role = roleOf(values.role, 'admin');
    const data = await openAuthData(dataDir, env, { create: true });
    try {
      const { token, info } = await data.auth.tokens.create(values.name, role);
      console.error(`made token ${info.id} "${info.name}" (${info.role}); it is shown this once, keep it somewhere safe:`);
      console.log(token);
      return 0;
    } finally {
      await data.close();
    }
  }
  if (action === 'list') {
    const data = await openAuthData(dataDir, env, { create: false });
    try {
      const items = await data.auth.tokens.list();
      if (!items.length) console.log('no API tokens');
      for (const t of items) {
        const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : `last used ${t.lastUsedAt?.toISOString() ?? 'never'}`;
        console.log(`${t.id}  ${t.name.padEnd(24)} ${t.role.padEnd(7)} made ${t.createdAt.toISOString()}, ${state}`);
      }
      return 0;
    } finally {
      await data.close();
    }
  }
  if (action === 'revoke') {
    if (!target) throw new UsageError('sluice token revoke needs the id or name of a token');
    const data = await openAuthData(dataDir, env, { create: false });
    try {
      const revoked = await data.auth.tokens.revoke(target);
      if (!revoked) {
        console.error(`sluice token revoke: no token with id or name "${target}" (see sluice token list)`);
        return 1;
      }
      console.log(`revoked ${revoked.id} "${revoked.name}"`);
      return 0;
    } finally {
      await data.close();
    }
  }
  throw new UsageError(`"${action ?? ''}" is not create, list or revoke`);
}
