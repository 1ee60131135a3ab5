import { createRoute, z } from '@hono/zod-openapi';
import { emptyGraph, graphDocumentSchema } from '@sluice/sdk';
import type { AppDeps } from '../app-deps.ts';
import { graphPageSchema, graphRecordSchema } from '@sluice/sdk/wire';
import { errorBody, errorResponse, idParam, jsonContent, pageQuery } from './api-schemas.ts';
import { checkForWrite, storedGraphRecord, toGraphRecord } from './graph-records.ts';
import { newRouter } from './openapi-router.ts';

const createBody = z.strictObject({
  name: z.string().min(1).max(200).optional().openapi({ description: 'Replaces the document name' }),
  document: graphDocumentSchema.optional().openapi({ description: 'The graph; an empty graph when absent' }),
});

const updateBody = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  document: graphDocumentSchema,
  revision: z.number().int().min(1).optional().openapi({ description: 'The revision this edit started from; a newer stored one gives 409' }),
});

const invalid = {
  400: errorResponse('Malformed request or not a graph document'),
  422: errorResponse('A graph holding a literal secret or a schedule that can never fire'),
};
const notFound = { 404: errorResponse('No graph with this id') };

export function graphRoutes(deps: AppDeps) {
  const { store, registry } = deps;
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/graphs',
        summary: 'Saved graphs, most recently changed first',
        request: { query: pageQuery },
        responses: { 200: jsonContent(graphPageSchema, 'A page of graphs'), 400: errorResponse('Bad paging') },
      }),
      async (c) => {
        const { limit, offset } = c.req.valid('query');
        const page = await store.graphs.list(limit, offset);
        const items = page.items.map((g) => {
          const { document, problems, ...rest } = storedGraphRecord(g, registry);
          return { ...rest, nodes: Object.keys(document.nodes).length, draft: (problems?.length ?? 0) > 0 };
        });
        return c.json({ ...page, items }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/graphs',
        summary: 'Create a graph; an unfinished one is saved as a draft (its `problems` say why it cannot run yet)',
        request: { body: { required: true, content: { 'application/json': { schema: createBody } } } },
        responses: { 201: jsonContent(graphRecordSchema, 'Created'), ...invalid },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const doc = body.document ?? emptyGraph(body.name ?? 'Untitled graph');
        const checked = checkForWrite(c, body.name ? { ...doc, name: body.name } : doc, registry);
        if (checked instanceof Response) return checked as never;
        const row = await store.graphs.create(checked.doc);
        c.header('Location', `/api/graphs/${row.id}`);
        return c.json(toGraphRecord(row, checked.runProblems), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/graphs/{id}',
        summary: 'One graph',
        request: { params: idParam('graph') },
        responses: { 200: jsonContent(graphRecordSchema, 'The graph'), ...notFound },
      }),
      async (c) => {
        const row = await store.graphs.get(c.req.valid('param').id);
        return row ? c.json(storedGraphRecord(row, registry), 200) : c.json(errorBody(`no graph "${c.req.valid('param').id}"`), 404);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/graphs/{id}',
        summary: 'Replace a graph; an unfinished one is saved as a draft (its `problems` say why it cannot run yet)',
        request: { params: idParam('graph'), body: { required: true, content: { 'application/json': { schema: updateBody } } } },
        responses: { 200: jsonContent(graphRecordSchema, 'Saved'), ...invalid, ...notFound, 409: errorResponse('Saved by someone else since `revision`') },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        const checked = checkForWrite(c, body.name ? { ...body.document, name: body.name } : body.document, registry);
        if (checked instanceof Response) return checked as never;
        const r = await store.graphs.update(id, checked.doc, body.revision);
        if (r.ok) return c.json(toGraphRecord(r.graph, checked.runProblems), 200);
        if (r.reason === 'not-found') return c.json(errorBody(`no graph "${id}"`), 404);
        return c.json(
          errorBody(`graph "${id}" was saved as revision ${r.revision} since revision ${body.revision}: reload it and apply the change again`),
          409,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/graphs/{id}',
        summary: 'Delete a graph with its run history (not its checkpoints or Bronze data)',
        request: { params: idParam('graph') },
        responses: { 204: { description: 'Deleted' }, ...notFound, 409: errorResponse('A run of the graph is running') },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const running = await store.runs.runningOf(id);
        if (running) return c.json(errorBody(`graph "${id}" has a running run (${running}); cancel it first`), 409);
        return (await store.graphs.delete(id)) ? c.body(null, 204) : c.json(errorBody(`no graph "${id}"`), 404);
      },
    );
}
