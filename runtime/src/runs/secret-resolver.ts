import type { SecretResolver } from '@sluice/sdk';
import type { CredentialRepository } from '../store/credential-repository.ts';

/** A credential's value by name: the runtime's credential store first, then the process environment. */
export function secretValue(credentials: CredentialRepository, name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return credentials.value(name) ?? env[name];
}

/** The same lookup as the SecretResolver that runs hand to their nodes. */
export function secretResolver(credentials: CredentialRepository, env: NodeJS.ProcessEnv = process.env): SecretResolver {
  return {
    get: async (name) => secretValue(credentials, name, env),
  };
}
