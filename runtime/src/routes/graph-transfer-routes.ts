import { createRoute, z } from '@hono/zod-openapi';
import { copyName, graphDocumentSchema, serializeGraph, withDefaults, withoutDefaults } from '@sluice/sdk';
import type { AppDeps } from '../app-deps.ts';
import { errorBody, errorResponse, idParam, jsonContent } from './api-schemas.ts';
import { checkForWrite, graphRecordSchema, toGraphRecord } from './graph-records.ts';
import { newRouter } from './openapi-router.ts';

const importQuery = z.object({
  mode: z.enum(['new', 'copy', 'replace']).default('new').openapi({
    description:
      '`new` (default): refused with 409 when a graph of the same name exists; `copy`: a new graph named "<name> (2)", "(3)"... the first free; `replace`: the document replaces the graph of the same name (or `id`), which keeps its id and run history',
  }),
  id: z.string().min(1).max(200).optional().openapi({ description: 'With `mode=replace`: the graph to replace (needed when several share the name)' }),
});

/** Export and import: the graph as a file, with stable bytes (see serializeGraph) for git. */
export function graphTransferRoutes(deps: AppDeps) {
  const { store, registry } = deps;
  const typeOf = (type: string) => registry.entryOf(type)?.info;
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/graphs/{id}/export',
        summary: 'The graph document as a file: pretty-printed, stable key order, only the config values that differ from the defaults',
        request: { params: idParam('graph') },
        responses: { 200: jsonContent(graphDocumentSchema, 'The graph document (attachment)'), 404: errorResponse('No graph with this id') },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const row = await store.graphs.get(id);
        if (!row) return c.json(errorBody(`no graph "${id}"`), 404);
        return c.body(serializeGraph(withoutDefaults(row.document, typeOf)), 200, {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Disposition': `attachment; filename="${id}.graph.json"`,
        }) as never;
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/graphs/import',
        summary: 'Create a graph from an exported document (config defaults filled in again), or replace one of the same name',
        request: { query: importQuery, body: { required: true, content: { 'application/json': { schema: graphDocumentSchema } } } },
        responses: {
          201: jsonContent(graphRecordSchema, 'Imported as a new graph (a draft when its `problems` say it cannot run yet)'),
          200: jsonContent(graphRecordSchema, 'Replaced the graph of the same name (`mode=replace`)'),
          400: errorResponse('Malformed JSON or not a graph document'),
          404: errorResponse('`mode=replace` and no graph of that name or id'),
          409: errorResponse('A graph of the same name exists (choose `mode=copy` or `mode=replace`), or several do (give `id`)'),
          422: errorResponse('A graph holding a literal secret or a schedule that can never fire'),
        },
      }),
      async (c) => {
        const { mode, id } = c.req.valid('query');
        const checked = checkForWrite(c, c.req.valid('json'), registry);
        if (checked instanceof Response) return checked as never;
        const doc = withDefaults(checked.doc, typeOf);
        const all = await store.graphs.names();
        const same = all.filter((g) => g.name === doc.name);
        const listed = same.map((g) => `"${g.id}"`).join(', ');
        if (mode === 'replace') {
          const target = id ?? (same.length === 1 ? same[0]!.id : undefined);
          if (!target) {
            return same.length
              ? c.json(errorBody(`graphs ${listed} are all named "${doc.name}": say which one to replace with id=<graph>`), 409)
              : c.json(errorBody(`no graph named "${doc.name}" to replace: import it with mode=new or mode=copy`), 404);
          }
          const r = await store.graphs.update(target, doc);
          if (!r.ok) return c.json(errorBody(`no graph "${target}" to replace`), 404);
          return c.json(toGraphRecord(r.graph, checked.runProblems), 200);
        }
        if (mode === 'new' && same.length) {
          return c.json(
            errorBody(
              `a graph named "${doc.name}" exists (${listed}): import with mode=replace to replace it, or mode=copy to add it as "${copyName(
                doc.name,
                all.map((g) => g.name),
              )}"`,
            ),
            409,
          );
        }
        const named =
          mode === 'copy' && same.length
            ? {
                ...doc,
                name: copyName(
                  doc.name,
                  all.map((g) => g.name),
                ),
              }
            : doc;
        const row = await store.graphs.create(named);
        c.header('Location', `/api/graphs/${row.id}`);
        return c.json(toGraphRecord(row, checked.runProblems), 201);
      },
    );
}
