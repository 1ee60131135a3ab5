import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app-deps.ts';
import { secretResolver } from '@sluice/store';
import { assertUploadable, landUpload } from '../source-files/land-upload.ts';
import { readUpload } from '../source-files/read-upload.ts';
import { tooLarge } from '../source-files/size-limit.ts';
import { sourceNodeOf } from '../source-files/source-node.ts';
import { UploadRecords } from '../source-files/upload-records.ts';
import { SourceRequestError } from '../source-files/source-request-error.ts';
import { errorBody, errorResponse, jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

export const nodeParams = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' }, description: 'The graph id.' }),
  nodeId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'nodeId', in: 'path' }, description: 'A source node of the graph.' }),
});

const uploadQuery = z.object({
  overwrite: z.enum(['true', 'false']).optional().openapi({ description: 'Replace a file of the same name (default: refuse with 409).' }),
  name: z.string().optional().openapi({ description: 'The file name, for a raw application/octet-stream body only.' }),
});

const landedSchema = z.object({ node: z.string(), key: z.string(), size: z.number().int(), warnings: z.array(z.string()) }).openapi('UploadedFile');

// Plain OpenAPI schemas, not zod: a zod body schema would make the router parse the body whole
// (Fetch formData()) before the handler, and uploads must stream.
const fileBody = {
  'multipart/form-data': {
    schema: {
      type: 'object' as const,
      required: ['file'],
      properties: { file: { type: 'string' as const, format: 'binary', description: 'The file; its name is the name it lands under.' } },
    },
  },
  'application/octet-stream': { schema: { type: 'string' as const, format: 'binary', description: 'The file, named by ?name=.' } },
};

/** Puts files into a source node's folder or bucket, for manual-upload workflows (then run). */
export function uploadRoutes(deps: AppDeps, options: { maxBytes: number }) {
  const { store, registry, access } = deps;
  const { maxBytes } = options;
  const records = new UploadRecords(store.dataDir);
  return newRouter().openapi(
    createRoute({
      method: 'post',
      path: '/api/graphs/{id}/nodes/{nodeId}/upload',
      summary: "Upload one file into a source node's landing area (a folder, a bucket prefix), for sources that accept uploads",
      description:
        'The file appears under its own name only once it is complete. Multipart with one part "file" (what the editor sends), or a raw application/octet-stream body with ?name=. Streams: the file is never held in memory.',
      request: { params: nodeParams, query: uploadQuery, body: { required: true, content: fileBody } },
      responses: {
        201: jsonContent(landedSchema, 'The file landed: its key in the source and its size'),
        400: errorResponse('Bad file name or request body'),
        404: errorResponse('No such graph or node'),
        409: errorResponse('A file of that name exists (send ?overwrite=true)'),
        413: errorResponse(`Larger than SLUICE_UPLOAD_MAX_BYTES (${maxBytes} bytes here)`),
        415: errorResponse('Neither multipart/form-data nor application/octet-stream'),
        422: errorResponse('The node is not a source uploads can land in, or its folder or bucket cannot be written'),
      },
    }),
    async (c) => {
      const { id, nodeId } = c.req.valid('param');
      const query = c.req.valid('query');
      const graph = await store.graphs.get(id);
      if (!graph) return c.json(errorBody(`no graph "${id}"`, [{ path: ['id'], message: `no graph "${id}"` }]), 404);
      try {
        const source = sourceNodeOf(graph, nodeId, registry);
        assertUploadable(source);
        // Refused before reading: multipart framing adds well under 64 KiB to the file.
        if (Number(c.req.header('content-length') ?? 0) > maxBytes + 64 * 1024) throw tooLarge(maxBytes);
        const upload = await readUpload(c.req.raw, query.name);
        const landed = await landUpload(source, upload, {
          overwrite: query.overwrite === 'true',
          maxBytes,
          dirs: { data: store.dataDir, graph: graph.baseDir ?? store.dataDir },
          secrets: secretResolver(store.credentials),
          access,
          records,
          signal: c.req.raw.signal,
        });
        return c.json(landed, 201);
      } catch (err) {
        if (err instanceof SourceRequestError) return c.json(errorBody(err.message, err.problems), err.status);
        throw err;
      }
    },
  );
}
