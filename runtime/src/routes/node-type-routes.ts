import { createRoute, z } from '@hono/zod-openapi';
import type { NodeTypeInfo } from '@sluice/sdk';
import type { AppDeps } from '../app-deps.ts';
import { jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

const portSchema = z.object({ kind: z.enum(['files', 'table']), title: z.string(), required: z.boolean().optional(), description: z.string().optional() });

const nodeTypeSchema = z
  .object({
    type: z.string(),
    version: z.number().int(),
    category: z.string(),
    title: z.string(),
    description: z.string(),
    icon: z.string().optional(),
    inputs: z.record(z.string(), portSchema),
    outputs: z.record(z.string(), portSchema),
    configSchema: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema of the config, from the plugin zod schema' }),
    defaults: z.record(z.string(), z.unknown()),
    package: z.object({ name: z.string(), version: z.string() }),
  })
  .openapi('NodeType');

const listSchema = z.object({
  items: z.array(nodeTypeSchema),
  problems: z.array(z.object({ package: z.string(), dir: z.string(), message: z.string() })).openapi({ description: 'Plugin packages refused at start-up, and why' }),
});

export function nodeTypeRoutes(deps: AppDeps) {
  return newRouter().openapi(
    createRoute({ method: 'get', path: '/api/node-types', summary: 'The installed node types, with their ports and config forms', responses: { 200: jsonContent(listSchema, 'Node types') } }),
    (c) => c.json({ items: deps.registry.list() as (NodeTypeInfo & { category: string })[], problems: deps.registry.problems }, 200),
  );
}
