import type { GraphDocument } from '@sluice/sdk/graph';
import {
  credentialNamesSchema,
  graphRecordSchema,
  graphSummarySchema,
  nodeTypeHelpSchema,
  nodeTypeInfoSchema,
  runLandedSchema,
  runLogEntrySchema,
} from '@sluice/sdk/wire';
import { z } from 'zod';
import { ApiError, apiErrorFrom } from './api-error.ts';
import type { CheckpointReset, CheckpointRow, PreviewResult, RunLogLine, TriggerOverview } from './api-types.ts';
import { normalizeRun } from './normalize-run.ts';
import { listOf } from './list-of.ts';
import { parseAnswer } from './parse-answer.ts';
import type { AuthChannel } from '../auth/auth-channel.ts';
import { requestHeaders } from '../auth/request-headers.ts';
import { uploadFile } from '../inspector/upload-file.ts';

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const LOG_PAGE = 200;

// Lists are read bare or under one of a few keys (see listOf); the page's counts are not needed.
const graphListSchema = z.array(graphSummarySchema);
const nodeTypeListSchema = z.array(nodeTypeInfoSchema);
const logPageSchema = z.object({ items: z.array(runLogEntrySchema).default([]), next: z.number().int().optional() });

/** Options of one request: `quiet401` for the sign-in calls, whose 401 is an answer, not an expired session. */
export interface RequestOptions {
  quiet401?: boolean;
}

/**
 * The runtime's REST API. One instance is made in main.tsx and handed down through ApiContext.
 * Every request goes with the session cookie (same origin only) and, when it may change
 * something, the session's CSRF token from `auth`; a 401 tells `auth` that the session is gone.
 */
export function createApi(base: string, auth: AuthChannel) {
  async function send(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<{ status: number; data: unknown }> {
    const json = body !== undefined && !(body instanceof FormData);
    const headers = requestHeaders(method, auth.csrfToken, json);
    const payload: BodyInit | undefined = body instanceof FormData ? body : json ? JSON.stringify(body) : undefined;
    let res: Response;
    try {
      res = await fetch(base + path, { method, headers, body: payload, credentials: 'same-origin' });
    } catch (e) {
      throw new ApiError(`cannot reach the runtime (${method} ${path}): ${(e as Error).message}`, 0);
    }
    const data = await readBody(res);
    if (res.status === 401 && !opts.quiet401) auth.unauthorized();
    if (!res.ok) {
      const err = apiErrorFrom(res.status, data, `${method} ${path} failed with ${res.status}`);
      if (res.status === 403) throw new ApiError(`Not allowed for your account: ${err.message}`, 403, err.problems);
      throw err;
    }
    return { status: res.status, data };
  }

  async function call<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    return (await send(method, path, body, opts)).data as T;
  }

  /** A call whose answer is read with its wire schema; `pick` finds the part to read (a list in its envelope). */
  async function read<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown, pick = (data: unknown) => data): Promise<z.output<S>> {
    const { status, data } = await send(method, path, body);
    return parseAnswer(schema, pick(data), `${method} ${path}`, status);
  }

  // The runtime's OpenAPI document tells which routes exist, so that the editor shows an empty
  // state for a missing one instead of calling it (a 404 also lands in the browser console).
  let routes: Promise<Set<string>> | undefined;
  const routeSet = () =>
    (routes ??= call<{ paths?: Record<string, Record<string, unknown>> }>('GET', '/api/openapi.json').then(
      (doc) => new Set(Object.entries(doc.paths ?? {}).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))),
      () => new Set<string>(),
    ));

  return {
    base,
    /** One call of any route, for the API parts that live beside their screens (auth/, settings/). */
    request: call,
    /** Whether the runtime serves `method` on `path`, written as in OpenAPI: `/api/graphs/{id}/checkpoints`. */
    hasRoute: async (method: string, path: string) => (await routeSet()).has(`${method.toUpperCase()} ${path}`),
    health: () => call<unknown>('GET', '/api/health'),
    nodeTypes: () => read(nodeTypeListSchema, 'GET', '/api/node-types', undefined, (d) => listOf(d, 'nodeTypes', 'items')),
    /** The README of the package that provides `type`, as markdown (a third party's text: render it without raw HTML). */
    nodeTypeHelp: (type: string) => read(nodeTypeHelpSchema, 'GET', `/api/node-types/${encodeURIComponent(type)}/help`),
    /** The credential names nodes may use (editors and admins; values never leave the runtime). */
    credentials: async () => (await read(credentialNamesSchema, 'GET', '/api/credential-names')).items,

    listGraphs: () => read(graphListSchema, 'GET', '/api/graphs', undefined, (d) => listOf(d, 'graphs', 'items')),
    getGraph: (id: string) => read(graphRecordSchema, 'GET', `/api/graphs/${encodeURIComponent(id)}`),
    createGraph: (name: string, document: GraphDocument) => read(graphRecordSchema, 'POST', '/api/graphs', { name, document }),
    saveGraph: (id: string, name: string, document: GraphDocument, revision?: number) =>
      read(graphRecordSchema, 'PUT', `/api/graphs/${encodeURIComponent(id)}`, { name, document, ...(revision !== undefined ? { revision } : {}) }),
    deleteGraph: (id: string) => call<unknown>('DELETE', `/api/graphs/${encodeURIComponent(id)}`),
    /** `copy`: a new graph named "<name> (2)"...; `replace`: in place of the graph `id`; neither: refused (409) when the name exists. */
    importGraph: (document: GraphDocument, choice?: { mode: 'copy' } | { mode: 'replace'; id: string }) =>
      read(
        graphRecordSchema,
        'POST',
        `/api/graphs/import${choice ? `?mode=${choice.mode}${choice.mode === 'replace' ? `&id=${encodeURIComponent(choice.id)}` : ''}` : ''}`,
        document,
      ),
    exportUrl: (id: string) => `${base}/api/graphs/${encodeURIComponent(id)}/export`,

    startRun: (graphId: string) => call<{ runId: string }>('POST', `/api/graphs/${encodeURIComponent(graphId)}/runs`, {}),
    getRun: async (runId: string) => normalizeRun(await call('GET', `/api/runs/${encodeURIComponent(runId)}`)),
    cancelRun: (runId: string) => call<unknown>('POST', `/api/runs/${encodeURIComponent(runId)}/cancel`, {}),
    /** One page of a run's log, oldest first, from the line after `after`, at `level` or above. */
    runLogPage: async (runId: string, after: number, level: RunLogLine['level'], limit = LOG_PAGE) => {
      const { items, next } = await read(logPageSchema, 'GET', `/api/runs/${encodeURIComponent(runId)}/logs?after=${after}&limit=${limit}&level=${level}`);
      return { items, next: next ?? after, more: items.length === limit };
    },
    runEventsUrl: (runId: string) => `${base}/api/runs/${encodeURIComponent(runId)}/events`,
    /** What a finished run landed, per sink: rows, source files, columns and its first `rows` rows. */
    runLanded: (runId: string, rows = 10) => read(runLandedSchema, 'GET', `/api/runs/${encodeURIComponent(runId)}/landed?rows=${rows}`),
    /** Server-Sent Events: each run of the graph as it starts, whatever started it. */
    graphRunsLiveUrl: (graphId: string) => `${base}/api/graphs/${encodeURIComponent(graphId)}/runs/live`,
    graphRuns: async (graphId: string) =>
      listOf<unknown>(await call('GET', `/api/graphs/${encodeURIComponent(graphId)}/runs`), 'runs', 'items').map(normalizeRun),

    preview: (form: FormData) => call<PreviewResult>('POST', '/api/preview', form),
    /** A preview of a file of a stored graph's source node, parsed by `type` with `config`. */
    previewSourceFile: (body: { graphId: string; nodeId: string; key: string; type: string; config: Record<string, unknown>; rows: number }) =>
      call<PreviewResult>('POST', '/api/preview', body),
    /** The files a stored graph's source node lists now (keys for a preview), at most `limit`. */
    sourceFiles: async (graphId: string, nodeId: string, limit = 100) =>
      listOf<{ key: string; size: number; modifiedAt: string }>(
        await call('GET', `/api/graphs/${encodeURIComponent(graphId)}/nodes/${encodeURIComponent(nodeId)}/files?limit=${limit}`),
        'items',
      ),
    checkpoints: async (graphId: string) =>
      listOf<CheckpointRow>(await call('GET', `/api/graphs/${encodeURIComponent(graphId)}/checkpoints`), 'items', 'checkpoints'),
    resetCheckpoints: (graphId: string, body: CheckpointReset = {}) =>
      call<unknown>('POST', `/api/graphs/${encodeURIComponent(graphId)}/checkpoints/reset`, body),
    putCredential: (name: string, value: string) => call<unknown>('PUT', `/api/credentials/${encodeURIComponent(name)}`, { value }),
    triggers: async (graphId: string) =>
      listOf<TriggerOverview>(await call('GET', `/api/triggers?graph=${encodeURIComponent(graphId)}`), 'items').find((t) => t.graphId === graphId) ?? null,
    /** Sends one file to a source node's landing place, reporting bytes sent. */
    upload: (graphId: string, nodeId: string, file: File, onProgress: (sent: number) => void) =>
      uploadFile(`${base}/api/graphs/${encodeURIComponent(graphId)}/nodes/${encodeURIComponent(nodeId)}/upload`, file, onProgress, {
        headers: requestHeaders('POST', auth.csrfToken, false),
        onUnauthorized: () => auth.unauthorized(),
      }),
  };
}

export type Api = ReturnType<typeof createApi>;
