import { join, resolve } from 'node:path';

export const DEFAULT_DATA_DIR = '.sluice-data';

/** `--data`, else SLUICE_DATA_DIR, else ./.sluice-data (from the working directory). */
export function dataDirOf(flag: string | undefined, env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  return resolve(cwd, flag ?? env.SLUICE_DATA_DIR ?? DEFAULT_DATA_DIR);
}

/** `--plugins`, else SLUICE_PLUGINS_DIR, else `<dataDir>/plugins`. `explicit` when the user chose it. */
export function pluginsDirOf(flag: string | undefined, env: NodeJS.ProcessEnv, dataDir: string, cwd = process.cwd()): { dir: string; explicit: boolean } {
  const chosen = flag ?? env.SLUICE_PLUGINS_DIR;
  return chosen ? { dir: resolve(cwd, chosen), explicit: true } : { dir: join(dataDir, 'plugins'), explicit: false };
}

/** A port number from a flag or the environment, with a message naming where a bad one came from. */
export function portOf(flag: string | undefined, env: NodeJS.ProcessEnv, fallback: number, names = { flag: '--port', env: 'SLUICE_PORT' }): number {
  const [raw, from] = flag !== undefined ? [flag, names.flag] : env[names.env] !== undefined ? [env[names.env], names.env] : [undefined, ''];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${from}: "${raw}" is not a port number (0 to 65535)`);
  return n;
}

/** A positive whole number from a flag or the environment (run concurrency), or the fallback. */
export function countOf(flag: string | undefined, flagName: string, env: NodeJS.ProcessEnv, envName: string, fallback: number): number {
  const [raw, from] = flag !== undefined ? [flag, flagName] : env[envName] !== undefined ? [env[envName], envName] : [undefined, ''];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new UsageError(`${from}: "${raw}" must be a whole number from 1 to 1000`);
  return n;
}

/**
 * SLUICE_API_TOKEN: an admin Bearer token set from the environment (automation, tests). Read here,
 * once, and handed to the app; a short one is refused rather than guarded by a guessable secret.
 */
export function apiTokenOf(env: NodeJS.ProcessEnv): string | undefined {
  const token = env.SLUICE_API_TOKEN;
  if (token === undefined || token === '') return undefined;
  if (token.length < 16 || /\s/.test(token))
    throw new UsageError('SLUICE_API_TOKEN must be at least 16 characters without spaces (e.g. the output of `openssl rand -base64 32`)');
  return token;
}

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
