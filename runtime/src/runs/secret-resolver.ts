import type { SecretResolver } from '@sluice/sdk';
import type { CredentialRepository } from '../store/credential-repository.ts';

/** Credentials by name: the runtime's credential store first, then the process environment. */
export function secretResolver(credentials: CredentialRepository, env: NodeJS.ProcessEnv = process.env): SecretResolver {
  return {
    get: async (name) => credentials.value(name) ?? env[name],
  };
}
