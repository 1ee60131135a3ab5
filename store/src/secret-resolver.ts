import { credentialEnvName, type SecretResolver } from '@sluice/sdk';
import type { CredentialRepository } from './credential-repository.ts';

/** The credential bucket events present unless SLUICE_EVENTS_TOKEN_CREDENTIAL names another (trigger-config.ts). */
const EVENTS_TOKEN_CREDENTIAL = 'sluice-events-token';

/**
 * A credential's value by name, for the runtime itself (webhook secrets): the credential store, else
 * the variable `SLUICE_CREDENTIAL_<NAME>` (credentialEnvName: the name upper-cased, every character
 * other than A-Z and 0-9 as `_`). No other variable: a graph chooses the names, and the runtime's
 * environment (HOME, PATH, SLUICE_API_TOKEN, AWS_*) must never be a value a graph can point a node at.
 */
export async function secretValue(credentials: CredentialRepository, name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return (await credentials.value(name)) ?? env[credentialEnvName(name)];
}

/**
 * Names that only the runtime reads: trigger tokens and webhook secrets, set by an admin. A node never
 * gets them, or anyone who may edit a graph could send one (an S3 access key id or session token
 * travels in clear in the request) to an endpoint of theirs. Reserved: every name starting
 * `sluice-` (the runtime's own, such as `sluice-events-token`), the credential named by
 * SLUICE_EVENTS_TOKEN_CREDENTIAL, and every credential a stored graph's webhook names as its secret.
 */
export async function reservedForRuntime(credentials: CredentialRepository, name: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  return /^sluice-/i.test(name) || name === (env.SLUICE_EVENTS_TOKEN_CREDENTIAL || EVENTS_TOKEN_CREDENTIAL) || (await credentials.isWebhookSecret(name));
}

/** The SecretResolver that runs, previews, listings and uploads hand to their nodes: `secretValue` without the reserved names. */
export function secretResolver(credentials: CredentialRepository, env: NodeJS.ProcessEnv = process.env): SecretResolver {
  return {
    get: async (name) => ((await reservedForRuntime(credentials, name, env)) ? undefined : secretValue(credentials, name, env)),
  };
}
