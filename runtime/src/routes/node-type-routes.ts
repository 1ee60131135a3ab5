import { createRoute, z } from '@hono/zod-openapi';
import { nodeTypeName } from '@sluice/sdk/graph';
import { nodeTypeHelpSchema, nodeTypeListSchema } from '@sluice/sdk/wire';
import type { AppDeps } from '../app-deps.ts';
import { readPluginReadme } from '../plugins/plugin-readme.ts';
import { errorBody, errorResponse, jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

const typeParam = z.object({
  // `.meta`, not `.openapi`: the SDK's schema is made before @hono/zod-openapi extends zod; both are read into the document.
  type: nodeTypeName.meta({ param: { name: 'type', in: 'path' }, description: 'The node type, URL-encoded (a scoped type holds a "/").' }),
});

export function nodeTypeRoutes(deps: Pick<AppDeps, 'registry'>) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/node-types',
        summary: 'The installed node types, with their ports and config forms',
        responses: { 200: jsonContent(nodeTypeListSchema, 'Node types') },
      }),
      (c) => c.json({ items: deps.registry.list(), problems: deps.registry.problems }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/node-types/{type}/help',
        summary: "A node type's help: the README.md of the plugin package that provides it, as markdown",
        description:
          'The type is looked up among the installed plugins, never joined into a path: the README is read from the root of the package the type came from, ' +
          'refused when its real path leaves that folder or when it is over 256 KiB.',
        request: { params: typeParam },
        responses: {
          200: jsonContent(nodeTypeHelpSchema, "The package's README"),
          400: errorResponse('Not a node type name'),
          404: errorResponse('No installed plugin provides this type, or its package has no README that can be shown (the message says why)'),
        },
      }),
      async (c) => {
        const { type } = c.req.valid('param');
        const entry = deps.registry.entryOf(type);
        if (!entry) return c.json(errorBody(`no installed plugin provides the node type "${type}"`), 404);
        const { name, version, dir } = entry.package;
        const readme = await readPluginReadme(dir);
        if ('missing' in readme) return c.json(errorBody(`no help for the node type "${type}": package ${name}: ${readme.missing}`), 404);
        return c.json({ type, package: { name, version }, markdown: readme.markdown }, 200);
      },
    );
}
