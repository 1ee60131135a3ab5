/** Prefix of the only environment variables a credential name may be read from. */
export const CREDENTIAL_ENV_PREFIX = 'SLUICE_CREDENTIAL_';

/**
 * The environment variable that may hold the credential `name` when the credential store has none:
 * `SLUICE_CREDENTIAL_` and the name upper-cased, every character other than A-Z and 0-9 written
 * `_` (`s3-key.prod` -> `SLUICE_CREDENTIAL_S3_KEY_PROD`). Only such variables: a graph names its
 * credentials, and any other variable of the runtime's environment (HOME, PATH, SLUICE_API_TOKEN,
 * AWS_SECRET_ACCESS_KEY) must never be a value a graph can make a node send somewhere.
 * Two names that map to one variable (`a-b`, `a.b`) share it; the store tells them apart.
 */
export function credentialEnvName(name: string): string {
  return CREDENTIAL_ENV_PREFIX + name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
