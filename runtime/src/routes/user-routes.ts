import { createRoute, z } from '@hono/zod-openapi';
import { AuthConflictError } from '@sluice/store';
import type { AuthStore } from '@sluice/store';
import { hashPassword } from '../auth/password-hash.ts';
import { principalOf } from '../auth/principal.ts';
import type { UserInfo } from '@sluice/store';
import { errorBody, errorResponse, jsonContent } from './api-schemas.ts';
import { newPasswordSchema, roleSchema, userNameSchema } from './auth-schemas.ts';
import { newRouter } from './openapi-router.ts';

const userSchema = z.object({ name: z.string(), role: roleSchema, hasPassword: z.boolean(), createdAt: z.string(), updatedAt: z.string() }).openapi('User');

const nameParam = z.object({ name: userNameSchema.openapi({ param: { name: 'name', in: 'path' } }) });

const toView = (u: UserInfo) => ({
  name: u.name,
  role: u.role,
  hasPassword: u.hasPassword,
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
});

const conflict = (err: unknown) => {
  if (err instanceof AuthConflictError) return err.message;
  throw err;
};

/** Admin only (the auth middleware sees to it): the users who sign in to the editor. */
export function userRoutes(auth: AuthStore) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/users',
        summary: 'Users and their roles (never password hashes)',
        responses: { 200: jsonContent(z.object({ items: z.array(userSchema) }), 'Users') },
      }),
      async (c) => c.json({ items: (await auth.users.list()).map(toView) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/users',
        summary: 'Add a user; without a password they sign in only through a one-time login link',
        request: {
          body: {
            required: true,
            content: { 'application/json': { schema: z.strictObject({ name: userNameSchema, role: roleSchema, password: newPasswordSchema.optional() }) } },
          },
        },
        responses: { 201: jsonContent(userSchema, 'Added'), 400: errorResponse('Bad name, role or password'), 409: errorResponse('The name is taken') },
      }),
      async (c) => {
        const { name, role, password } = c.req.valid('json');
        const hash = password === undefined ? null : await hashPassword(password);
        try {
          return c.json(toView(await auth.users.create(name, role, hash)), 201);
        } catch (err) {
          return c.json(errorBody(conflict(err)), 409);
        }
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/users/{name}',
        summary: "Change a user's role or password (a new password signs their other sessions out)",
        request: {
          params: nameParam,
          body: {
            required: true,
            content: { 'application/json': { schema: z.strictObject({ role: roleSchema.optional(), password: newPasswordSchema.optional() }) } },
          },
        },
        responses: {
          200: jsonContent(userSchema, 'Changed'),
          400: errorResponse('Bad role or password'),
          404: errorResponse('No such user'),
          409: errorResponse('It would leave no admin'),
        },
      }),
      async (c) => {
        const { name } = c.req.valid('param');
        const { role, password } = c.req.valid('json');
        const passwordHash = password === undefined ? undefined : await hashPassword(password);
        let user: UserInfo | undefined;
        try {
          user = await auth.users.update(name, { role, passwordHash });
        } catch (err) {
          return c.json(errorBody(conflict(err)), 409);
        }
        if (!user) return c.json(errorBody(`no user "${name}"`), 404);
        if (passwordHash !== undefined) {
          const who = principalOf(c);
          await auth.sessions.endAllOf(name, who?.kind === 'session' ? who.sessionId : undefined);
        }
        return c.json(toView(user), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/users/{name}',
        summary: 'Remove a user and end their sessions',
        request: { params: nameParam },
        responses: { 204: { description: 'Removed' }, 404: errorResponse('No such user'), 409: errorResponse('The last admin') },
      }),
      async (c) => {
        const { name } = c.req.valid('param');
        try {
          return (await auth.users.remove(name)) ? c.body(null, 204) : c.json(errorBody(`no user "${name}"`), 404);
        } catch (err) {
          return c.json(errorBody(conflict(err)), 409);
        }
      },
    );
}
