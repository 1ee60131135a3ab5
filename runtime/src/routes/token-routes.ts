import { createRoute, z } from '@hono/zod-openapi';
import { AuthConflictError } from '@sluice/store';
import type { ApiTokenInfo } from '@sluice/store';
import { TOKEN_NAME_PATTERN, TOKEN_NAME_RULE } from '@sluice/store';
import type { AuthStore } from '@sluice/store';
import { errorBody, errorResponse, jsonContent } from './api-schemas.ts';
import { roleSchema } from './auth-schemas.ts';
import { newRouter } from './openapi-router.ts';

const tokenSchema = z
  .object({ id: z.string(), name: z.string(), role: roleSchema, createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() })
  .openapi('ApiToken');

const createdSchema = tokenSchema
  .extend({ token: z.string().openapi({ description: 'The token: shown this once, stored only as a hash' }) })
  .openapi('ApiTokenCreated');

const toView = (t: ApiTokenInfo) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

/** Admin only (the auth middleware sees to it): API tokens for `Authorization: Bearer`. */
export function tokenRoutes(auth: AuthStore) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/tokens',
        summary: 'API tokens, in force and revoked (never the tokens themselves)',
        responses: { 200: jsonContent(z.object({ items: z.array(tokenSchema) }), 'Tokens') },
      }),
      async (c) => c.json({ items: (await auth.tokens.list()).map(toView) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/tokens',
        summary: 'Make an API token: the answer holds it, once',
        request: {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z.strictObject({
                  name: z
                    .string()
                    .regex(TOKEN_NAME_PATTERN, TOKEN_NAME_RULE)
                    .refine((n) => !n.startsWith('tok_'), 'must not start with "tok_"'),
                  role: roleSchema,
                }),
              },
            },
          },
        },
        responses: { 201: jsonContent(createdSchema, 'Made'), 400: errorResponse('Bad name or role'), 409: errorResponse('A token in force has this name') },
      }),
      async (c) => {
        const { name, role } = c.req.valid('json');
        try {
          const { token, info } = await auth.tokens.create(name, role);
          c.header('Cache-Control', 'no-store');
          return c.json({ ...toView(info), token }, 201);
        } catch (err) {
          if (err instanceof AuthConflictError) return c.json(errorBody(err.message), 409);
          throw err;
        }
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/tokens/{id}',
        summary: 'Revoke a token (by id, or by the name of a token in force)',
        request: {
          params: z.object({
            id: z
              .string()
              .min(1)
              .max(100)
              .openapi({ param: { name: 'id', in: 'path' } }),
          }),
        },
        responses: { 204: { description: 'Revoked' }, 404: errorResponse('No such token') },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return (await auth.tokens.revoke(id)) ? c.body(null, 204) : c.json(errorBody(`no token "${id}"`), 404);
      },
    );
}
