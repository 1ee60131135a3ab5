import type { Context } from 'hono';
import type { Role } from '@sluice/store';

/** Who made a request, as the auth middleware found out. */
export type Principal =
  | { kind: 'token'; name: string; role: Role; tokenId: string | null }
  | { kind: 'session'; name: string; role: Role; csrfToken: string; sessionId: string };

const KEY = 'sluicePrincipal';

export function setPrincipal(c: Context, principal: Principal): void {
  c.set(KEY as never, principal as never);
}

/** The request's principal; undefined on a public route reached without (valid) credentials. */
export function principalOf(c: Context): Principal | undefined {
  return c.get(KEY as never) as Principal | undefined;
}
