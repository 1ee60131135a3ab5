import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app-deps.ts';
import type { CredentialInfo } from '@sluice/store';
import { credentialInfoSchema } from '@sluice/sdk/wire';
import { errorBody, errorResponse, jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

const nameParam = z.object({
  name: z
    .string()
    .max(128)
    .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must start with a letter or "_" and hold only letters, digits, "_", "." and "-"')
    .openapi({ param: { name: 'name', in: 'path' }, description: 'The name graphs use to reference the credential' }),
});

const credentialSchema = credentialInfoSchema;

const toView = (c: CredentialInfo) => ({ name: c.name, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() });

/** Named secrets: values go in and never come out (runs read them through the SecretResolver). */
export function credentialRoutes(deps: AppDeps) {
  const { credentials } = deps.store;
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/credentials',
        summary: 'Credential names (never values)',
        responses: { 200: jsonContent(z.object({ items: z.array(credentialSchema) }), 'Credentials') },
      }),
      async (c) => c.json({ items: (await credentials.list()).map(toView) }, 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/credentials/{name}',
        summary: 'Create or replace a credential value (write-only)',
        request: {
          params: nameParam,
          body: { required: true, content: { 'application/json': { schema: z.strictObject({ value: z.string().min(1, 'must not be empty').max(65_536) }) } } },
        },
        responses: { 200: jsonContent(credentialSchema, 'Replaced'), 201: jsonContent(credentialSchema, 'Created'), 400: errorResponse('Bad name or value') },
      }),
      async (c) => {
        const { name } = c.req.valid('param');
        const { created } = await credentials.put(name, c.req.valid('json').value);
        const view = toView((await credentials.info(name))!);
        return created ? c.json(view, 201) : c.json(view, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/credentials/{name}',
        summary: 'Delete a credential',
        request: { params: nameParam },
        responses: { 204: { description: 'Deleted' }, 404: errorResponse('No such credential'), 400: errorResponse('Bad name') },
      }),
      async (c) => {
        const { name } = c.req.valid('param');
        return (await credentials.delete(name)) ? c.body(null, 204) : c.json(errorBody(`no credential "${name}"`), 404);
      },
    );
}
