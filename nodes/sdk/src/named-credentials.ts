import type { SecretResolver } from './node-context.ts';

/** The credential names an S3-style config holds (never the values). */
export interface CredentialNames {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

export interface KeyCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The values of a config's named access key, secret and session token, resolved through the run's
 * SecretResolver; undefined without an access key name (the client's default chain then applies).
 * A name that resolves to nothing fails naming the field, without saying why: the store may not
 * hold it, or the runtime keeps it for its triggers, and which one is none of the graph's business.
 */
export async function namedCredentials(names: CredentialNames, secrets: SecretResolver): Promise<KeyCredentials | undefined> {
  if (!names.accessKeyId) return undefined;
  const resolve = async (field: keyof CredentialNames) => {
    const name = names[field];
    const value = name ? await secrets.get(name) : undefined;
    if (!value)
      throw new Error(
        `credential "${name ?? ''}" (named by ${field}) is not available: an admin stores it in the credential store, or the runtime's environment holds SLUICE_CREDENTIAL_<NAME>`,
      );
    return value;
  };
  return {
    accessKeyId: await resolve('accessKeyId'),
    secretAccessKey: await resolve('secretAccessKey'),
    ...(names.sessionToken ? { sessionToken: await resolve('sessionToken') } : {}),
  };
}
