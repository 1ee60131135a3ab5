import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ownerOnly } from './owner-only.ts';

const PREFIX = 'v1:';

/** Encrypts credential values at rest, so that a copy of sluice.db (a backup, a bug report) holds no secret. */
export interface CredentialCipher {
  seal(plain: string): string;
  open(stored: string): string;
}

/** Where the key file is kept instead of `<dataDir>/credentials.key`, e.g. on another volume than the database. */
export const KEY_FILE_ENV = 'SLUICE_CREDENTIALS_KEY_FILE';

/**
 * AES-256-GCM with a key from SLUICE_CREDENTIALS_KEY (64 hex characters, e.g. from a secret
 * manager), else from the file SLUICE_CREDENTIALS_KEY_FILE names, else `<dataDir>/credentials.key`:
 * made on first use with mode 0600 and kept apart from the database (a copy of the data folder then
 * holds no usable secret). A key file found readable by others is set back to 0600. A value stored
 * before encryption existed (no prefix) is read as it is.
 */
export function credentialCipher(dataDir: string, env: NodeJS.ProcessEnv = process.env): CredentialCipher {
  const key = loadKey(dataDir, env);
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
    },
    open(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      const [iv, tag, data] = stored.slice(PREFIX.length).split(':');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64'));
        decipher.setAuthTag(Buffer.from(tag!, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(data!, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error(
          `a stored credential cannot be decrypted: the credentials key (SLUICE_CREDENTIALS_KEY, ${KEY_FILE_ENV} or credentials.key in the data folder) is not the one it was stored with`,
        );
      }
    },
  };
}

function loadKey(dataDir: string, env: NodeJS.ProcessEnv): Buffer {
  const fromEnv = env.SLUICE_CREDENTIALS_KEY;
  if (fromEnv !== undefined) {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('SLUICE_CREDENTIALS_KEY must be 64 hexadecimal characters (32 bytes)');
    return Buffer.from(fromEnv, 'hex');
  }
  const path = env[KEY_FILE_ENV] ? resolve(env[KEY_FILE_ENV]) : join(dataDir, 'credentials.key');
  // Its folder may be new (a key kept outside the data folder): made for the owner only.
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // 'wx': two processes opening a fresh data folder at once must not each write their own key.
  try {
    writeFileSync(path, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new Error(`cannot create the credentials key ${path}: ${(err as Error).message}`, { cause: err });
  }
  ownerOnly(path, 'the credentials key');
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`${path} is not a credentials key (64 hexadecimal characters)`);
  return Buffer.from(hex, 'hex');
}
