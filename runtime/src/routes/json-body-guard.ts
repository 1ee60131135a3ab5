import type { MiddlewareHandler } from 'hono';
import { jsonText } from '../http/json-text.ts';
import { hasOwnBodyLimit, mediaTypeOf } from '../http/trigger-intake.ts';
import { errorBody } from './api-schemas.ts';

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/;
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every request body under /api is JSON, except the uploads and previews that stream their own
 * (multipart, raw bytes): a form post or text/plain body, which a page of another site can send
 * without a CORS preflight, gets 415 and reaches no route. A JSON body is checked once, before any
 * route: UTF-8 (not repaired into U+FFFD), nesting depth, syntax with the parser's own words (where
 * and what). Hono keeps the checked text, so the route validators parse it again at no read cost.
 */
export const jsonBodyGuard: MiddlewareHandler = async (c, next) => {
  const method = c.req.method;
  if (READS.has(method)) return next();
  const contentType = c.req.header('content-type');
  const media = mediaTypeOf(contentType);
  if (JSON_TYPE.test(media)) {
    const charset = /;\s*charset="?([^";\s]+)/i.exec(contentType ?? '')?.[1];
    if (charset && !/^utf-?8$/i.test(charset)) return unsupported(c.req.method, c.req.path, contentType, c);
    const checked = jsonText(new Uint8Array(await c.req.arrayBuffer()));
    if ('error' in checked) return c.json(errorBody(checked.error, [{ path: [], message: checked.error }]), 400);
    try {
      JSON.parse(checked.text);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return c.json(errorBody(`malformed JSON in the request body: ${why}`, [{ path: [], message: why }]), 400);
    }
    // Hono caches body reads as promises (its type says otherwise): json() now parses the checked text.
    (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(checked.text);
    return next();
  }
  if (hasOwnBodyLimit(method, c.req.path, media)) return next();
  // No body and no type (a bare POST that starts a run): nothing to check.
  if (!contentType && !hasBody(c.req.raw)) return next();
  return unsupported(method, c.req.path, contentType, c);
};

function hasBody(req: Request): boolean {
  return req.headers.has('transfer-encoding') || Number(req.headers.get('content-length') ?? 0) > 0;
}

function unsupported(method: string, path: string, contentType: string | undefined, c: Parameters<MiddlewareHandler>[0]) {
  const type = contentType ? JSON.stringify(contentType.slice(0, 100)) : 'none';
  const message = `unsupported Content-Type ${type} for ${method} ${path}: send JSON (application/json, UTF-8), or multipart/form-data for an upload or a preview's sample`;
  return c.json(errorBody(message, [{ path: ['content-type'], message }]), 415);
}
