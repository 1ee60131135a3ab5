import { credentialInfoSchema, workerListSchema } from '@sluice/sdk/wire';
import { z } from 'zod';
import type { Api } from '../api/api-client.ts';
import { parseAnswer } from '../api/parse-answer.ts';
import { ApiError } from '../api/api-error.ts';
import { listOf } from '../api/list-of.ts';
import type { Role } from '../auth/session.ts';

export interface UserRow {
  name: string;
  role: Role;
  hasPassword?: boolean;
  createdAt?: string;
}

export type { CredentialInfoView as CredentialRow } from '@sluice/sdk/wire';

export interface TokenRow {
  id: string;
  name: string;
  role: Role;
  createdAt?: string;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
}

/** A token just made: its clear value exists only in this answer. */
export interface CreatedToken {
  token: string;
  info: TokenRow;
}

/** `POST /api/tokens`' answer, `{token, info}` or `{token, id, name, role, ...}`. */
export function readCreatedToken(body: unknown): CreatedToken {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (typeof b.token !== 'string' || !b.token) throw new ApiError('POST /api/tokens answered without the new token', 500);
  const info = (b.info && typeof b.info === 'object' ? b.info : b) as Partial<TokenRow>;
  return {
    token: b.token,
    info: {
      id: String(info.id ?? ''),
      name: String(info.name ?? ''),
      role: info.role ?? 'viewer',
      createdAt: info.createdAt,
      lastUsedAt: info.lastUsedAt ?? null,
      revokedAt: info.revokedAt ?? null,
    },
  };
}

const user = (name: string) => `/api/users/${encodeURIComponent(name)}`;
const credential = (name: string) => `/api/credentials/${encodeURIComponent(name)}`;
const credentialListSchema = z.object({ items: z.array(credentialInfoSchema) });

/** The admin routes behind the Settings screen. */
export function adminApi(api: Api) {
  return {
    users: async () => listOf<UserRow>(await api.request('GET', '/api/users'), 'users', 'items'),
    addUser: (name: string, role: Role, password: string) => api.request<unknown>('POST', '/api/users', { name, role, password }),
    updateUser: (name: string, patch: { role?: Role; password?: string }) => api.request<unknown>('PUT', user(name), patch),
    removeUser: (name: string) => api.request<unknown>('DELETE', user(name)),
    tokens: async () => listOf<TokenRow>(await api.request('GET', '/api/tokens'), 'tokens', 'items'),
    createToken: async (name: string, role: Role) => readCreatedToken(await api.request('POST', '/api/tokens', { name, role })),
    revokeToken: (id: string) => api.request<unknown>('DELETE', `/api/tokens/${encodeURIComponent(id)}`),
    credentials: async () => parseAnswer(credentialListSchema, await api.request('GET', '/api/credentials'), 'GET /api/credentials').items,
    /** Creates a credential or gives it a new value (a rotation); the value is never sent back. */
    putCredential: (name: string, value: string) => api.request<unknown>('PUT', credential(name), { value }),
    deleteCredential: (name: string) => api.request<unknown>('DELETE', credential(name)),
    /** The processes executing runs of the store (every serve and worker on PostgreSQL). */
    workers: async () => parseAnswer(workerListSchema, await api.request('GET', '/api/workers'), 'GET /api/workers').items,
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
