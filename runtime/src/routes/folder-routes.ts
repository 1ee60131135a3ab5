import { createRoute, z } from '@hono/zod-openapi';
import { FOLDER_KINDS, folderListingSchema, folderRootsSchema } from '@sluice/sdk/wire';
import type { AppDeps } from '../app-deps.ts';
import { FolderRefusal, folderRoots, listFolders } from '../access/list-folders.ts';
import { errorBody, errorResponse, jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

const folderQuery = z.object({
  kind: z
    .enum(FOLDER_KINDS)
    .openapi({ description: '`input`: the roots sources read (SLUICE_ALLOWED_ROOTS); `output`: the roots sinks write (SLUICE_OUTPUT_ROOTS).' }),
  path: z
    .string()
    .min(1, 'must name a folder')
    .max(4096)
    .openapi({ description: "Absolute, or relative to the graph's folder (input) or the data folder (output)." }),
  graph: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'A stored graph whose folder relative input folders start from (default: the data folder).' }),
});

/**
 * The folders runs may touch, for the editor's folder fields: the roots of each kind, and the
 * sub-folders of a folder inside them (the picker; also the check of a folder while it is typed).
 * Any signed-in role may look, as it may list a source's files; nothing outside the roots is read.
 */
export function folderRoutes(deps: AppDeps) {
  const { access, store } = deps;
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/folders/roots',
        summary: 'The folders sources may read and sinks may write, and the settings that list them',
        responses: { 200: jsonContent(folderRootsSchema, 'The roots, as real paths') },
      }),
      (c) => c.json(folderRoots(access), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/folders',
        summary: 'A folder inside the roots and its sub-folders',
        description:
          'Decided on the real path (symbolic links resolved); a `..` segment is refused. A folder outside the roots gets the same answer whether it exists or not.',
        request: { query: folderQuery },
        responses: {
          200: jsonContent(folderListingSchema, 'The folder and its sub-folders'),
          400: errorResponse('Bad request, a URL, or a path that climbs with ".."'),
          404: errorResponse('No such graph'),
          422: errorResponse('Outside the roots, a file, or unreadable'),
        },
      }),
      async (c) => {
        const { kind, path, graph: graphId } = c.req.valid('query');
        let base = store.dataDir;
        if (graphId !== undefined && kind === 'input') {
          const graph = await store.graphs.get(graphId);
          if (!graph) return c.json(errorBody(`no graph "${graphId}"`, [{ path: ['graph'], message: `no graph "${graphId}"` }]), 404);
          base = graph.baseDir ?? store.dataDir;
        }
        try {
          return c.json(await listFolders(access, { kind, path, base }), 200);
        } catch (err) {
          if (err instanceof FolderRefusal) return c.json(errorBody(err.message, [{ path: ['path'], message: err.short }]), err.status);
          throw err;
        }
      },
    );
}
