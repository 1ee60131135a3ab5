import { createRoute } from '@hono/zod-openapi';
import { graphDocumentSchema, serializeGraph } from '@sluice/sdk';
import type { AppDeps } from '../app-deps.ts';
import { errorBody, errorResponse, idParam, jsonContent } from './api-schemas.ts';
import { checkForWrite, graphRecordSchema, toGraphRecord } from './graph-records.ts';
import { newRouter } from './openapi-router.ts';

/** Export and import: the graph as a file, with stable bytes (see serializeGraph) for git. */
export function graphTransferRoutes(deps: AppDeps) {
  const { store, registry } = deps;
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/graphs/{id}/export',
        summary: 'The graph document as a file: pretty-printed, stable key order',
        request: { params: idParam('graph') },
        responses: { 200: jsonContent(graphDocumentSchema, 'The graph document (attachment)'), 404: errorResponse('No graph with this id') },
      }),
      (c) => {
        const { id } = c.req.valid('param');
        const row = store.graphs.get(id);
        if (!row) return c.json(errorBody(`no graph "${id}"`), 404);
        return c.body(serializeGraph(row.document), 200, {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Disposition': `attachment; filename="${id}.graph.json"`,
        }) as never;
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/graphs/import',
        summary: 'Create a graph from an exported document (always a new id)',
        request: { body: { required: true, content: { 'application/json': { schema: graphDocumentSchema } } } },
        responses: {
          201: jsonContent(graphRecordSchema, 'Imported'),
          400: errorResponse('Malformed JSON or not a graph document'),
          422: errorResponse('A graph the installed node types cannot run'),
        },
      }),
      (c) => {
        const checked = checkForWrite(c, c.req.valid('json'), registry);
        if (checked instanceof Response) return checked as never;
        const row = store.graphs.create(checked.doc);
        c.header('Location', `/api/graphs/${row.id}`);
        return c.json(toGraphRecord(row), 201);
      },
    );
}
