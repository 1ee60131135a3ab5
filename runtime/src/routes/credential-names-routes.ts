import { createRoute } from '@hono/zod-openapi';
import { reservedForRuntime } from '@sluice/store';
import { credentialNamesSchema } from '@sluice/sdk/wire';
import type { AppDeps } from '../app-deps.ts';
import { principalOf } from '../auth/principal.ts';
import { errorBody, errorResponse, jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

/**
 * The names a node's credential field may take, for the editor's picker: what an editor needs to
 * build a graph, without the admin's credential list. Names only; the runtime's own credentials
 * (trigger tokens, webhook secrets: `reservedForRuntime`), which no node can read, are left out. A
 * viewer edits no graph and is refused. Outside `/api/credentials/`, which is the admin's.
 */
export function credentialNamesRoutes(deps: AppDeps) {
  const { credentials } = deps.store;
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/api/credential-names',
      summary: 'Names of the credentials nodes may use (never values)',
      responses: { 200: jsonContent(credentialNamesSchema, 'Names'), 403: errorResponse('The viewer role edits no graph') },
    }),
    (c) => {
      const role = principalOf(c)?.role;
      if (role !== 'admin' && role !== 'editor')
        return c.json(errorBody(`GET /api/credential-names is for roles that edit graphs (this is ${role ?? 'nobody'})`), 403);
      return c.json({ items: credentials.list().flatMap((info) => (reservedForRuntime(credentials, info.name) ? [] : [info.name])) }, 200);
    },
  );
}
