import { storeDbOf } from '../store-client.ts';
import type { Store } from '../open-store.ts';
import { ApiTokenRepository } from './api-token-repository.ts';
import { LoginTokenRepository } from './login-token-repository.ts';
import { DEFAULT_SESSION_POLICY, SessionRepository, type SessionPolicy } from './session-repository.ts';
import { UserRepository } from './user-repository.ts';

/** The repositories of the auth tables, over the store's connection. */
export interface AuthStore {
  users: UserRepository;
  tokens: ApiTokenRepository;
  sessions: SessionRepository;
  loginTokens: LoginTokenRepository;
}

/** The auth tables' repositories of an open store; `policy` bounds the sessions it signs in. */
export function openAuthStore(store: Store, policy: SessionPolicy = DEFAULT_SESSION_POLICY): AuthStore {
  const client = storeDbOf(store);
  return {
    users: new UserRepository(client),
    tokens: new ApiTokenRepository(client),
    sessions: new SessionRepository(client, policy),
    loginTokens: new LoginTokenRepository(client),
  };
}
