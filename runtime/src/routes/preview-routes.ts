import { createRoute, z } from '@hono/zod-openapi';
import { errorMessage } from '@sluice/sdk';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../app-deps.ts';
import { MAX_PREVIEW_ROWS, PreviewError } from '../preview/preview-file.ts';
import { type PreviewRequest, runPreview } from '../preview/preview-request.ts';
import { errorBody, errorResponse, jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

const common = {
  type: z
    .string()
    .min(1)
    .optional()
    .openapi({ description: 'A parse node type; default: the parse node after the source, else the installed parser that auto-detects formats' }),
  graphId: z.string().min(1).optional(),
  nodeId: z.string().min(1).optional().openapi({ description: 'A source node of the graph' }),
  key: z.string().min(1).optional().openapi({ description: 'The file key in that source' }),
};

const formBody = z.strictObject({
  ...common,
  file: z.instanceof(File).optional().openapi({ type: 'string', format: 'binary', description: 'A sample file' }),
  config: z.string().optional().openapi({ description: 'The parse node config, as JSON text' }),
  rows: z.coerce.number().int().min(1).max(MAX_PREVIEW_ROWS).optional(),
});

const jsonBody = z.strictObject({
  ...common,
  config: z.record(z.string(), z.unknown()).optional(),
  rows: z.number().int().min(1).max(MAX_PREVIEW_ROWS).optional(),
});

const previewSchema = z
  .object({
    format: z.string(),
    schema: z.array(z.object({ name: z.string(), type: z.string() })),
    rows: z.array(z.record(z.string(), z.unknown())),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    warnings: z.array(z.string()),
  })
  .openapi('Preview');

type Fields = z.infer<typeof formBody> | z.infer<typeof jsonBody>;

/** The request as `runPreview` takes it, or the problem with it. */
async function previewRequest(b: Fields): Promise<PreviewRequest | { problem: { path: string[]; message: string } }> {
  let config: unknown = b.config;
  if (typeof b.config === 'string') {
    try {
      config = JSON.parse(b.config);
    } catch (err) {
      return { problem: { path: ['config'], message: `is not JSON: ${errorMessage(err)}` } };
    }
  }
  const base = { type: b.type, config, rows: b.rows };
  if ('file' in b && b.file) return { ...base, upload: { name: b.file.name, bytes: new Uint8Array(await b.file.arrayBuffer()) } };
  if (b.graphId && b.nodeId && b.key) return { ...base, graphId: b.graphId, nodeId: b.nodeId, key: b.key };
  const missing = !b.graphId ? 'graphId' : !b.nodeId ? 'nodeId' : 'key';
  return {
    problem: {
      path: b.graphId || b.nodeId || b.key ? [missing] : ['file'],
      message: 'send a sample file (multipart "file"), or graphId, nodeId and key of a source file',
    },
  };
}

export function previewRoutes(deps: AppDeps) {
  const router = newRouter();
  const limit = bodyLimit({
    maxSize: MAX_UPLOAD_BYTES,
    onError: (c) =>
      c.json(
        errorBody(`file: the sample is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB; preview a smaller part of it`, [
          { path: ['file'], message: 'too large' },
        ]),
        413,
      ),
  });
  // Only uploads need the limit; a JSON body was already read (and is small) by the JSON guard.
  router.use('/api/preview', (c, next) => (/^multipart\//i.test(c.req.header('content-type') ?? '') ? limit(c, next) : next()));
  return router.openapi(
    createRoute({
      method: 'post',
      path: '/api/preview',
      summary: 'Schema and first rows of a file, parsed by a parse node exactly as a run would',
      request: { body: { required: false, content: { 'multipart/form-data': { schema: formBody }, 'application/json': { schema: jsonBody } } } },
      responses: {
        200: jsonContent(previewSchema, 'The preview'),
        400: errorResponse('Missing file, bad type or config'),
        413: errorResponse('Sample too large'),
        422: errorResponse('The parse node could not read the file'),
      },
    }),
    async (c) => {
      // The router fills the body target that did not match the Content-Type with {}.
      const isForm = /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(c.req.header('content-type') ?? '');
      const fields: Fields = isForm ? c.req.valid('form') : c.req.valid('json');
      const req = await previewRequest(fields);
      if ('problem' in req) return c.json(errorBody(`${req.problem.path.join('.')}: ${req.problem.message}`, [req.problem]), 400);
      try {
        return c.json(await runPreview(req, { store: deps.store, registry: deps.registry, access: deps.access, signal: c.req.raw.signal }), 200);
      } catch (err) {
        if (err instanceof PreviewError) return c.json(errorBody(err.message, err.problems.length ? err.problems : undefined), 400);
        return c.json(errorBody(`cannot preview the file: ${errorMessage(err)}`), 422);
      }
    },
  );
}
