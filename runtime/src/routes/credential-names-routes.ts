import { createRoute } from '@hono/zod-openapi';
import { reservedForRuntime } from '@sluice/store';
import { credentialNamesSchema } from '@sluice/sdk/wire';
import type { AppDeps } from '../app-deps.ts';
import { jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

/**
 * The names a node's credential field may take, for the editor's picker: what an editor needs to
 * build a graph, without the admin's credential list. Names only, read like every other non-admin
 * route by any signed-in role (a viewer's read-only form says a missing name too); the runtime's
 * own credentials (trigger tokens, webhook secrets: `reservedForRuntime`), which no node can read,
 * are left out. Outside `/api/credentials/`, which is the admin's.
 */
export function credentialNamesRoutes(deps: AppDeps) {
  const { credentials } = deps.store;
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/api/credential-names',
      summary: 'Names of the credentials nodes may use (never values)',
      responses: { 200: jsonContent(credentialNamesSchema, 'Names') },
    }),
    async (c) => {
      const items: string[] = [];
      for (const info of await credentials.list()) if (!(await reservedForRuntime(credentials, info.name))) items.push(info.name);
      return c.json({ items }, 200);
    },
  );
}
