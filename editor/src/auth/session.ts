/** Roles as the runtime names them (a storage format there: never renamed). */
export const ROLES = ['admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  name: string;
  role: Role;
}

/** A signed-in browser: who, and the CSRF token its state-changing requests must carry. */
export interface Session {
  user: SessionUser;
  csrfToken: string;
}

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** The answer of `/api/auth/login`, `/exchange` and `/me`: `{user: {name, role}, csrfToken}`; null when it is not one. */
export function readSession(body: unknown): Session | null {
  if (!body || typeof body !== 'object') return null;
  const { user, csrfToken } = body as { user?: unknown; csrfToken?: unknown };
  if (!user || typeof user !== 'object' || typeof csrfToken !== 'string' || !csrfToken) return null;
  const { name, role } = user as { name?: unknown; role?: unknown };
  if (typeof name !== 'string' || !isRole(role)) return null;
  return { user: { name, role }, csrfToken };
}

/** What the role may do in the editor; the runtime enforces the same on every route. */
export const canEdit = (role: Role) => role !== 'viewer';
export const isAdmin = (role: Role) => role === 'admin';
