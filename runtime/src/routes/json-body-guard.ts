import type { MiddlewareHandler } from 'hono';
import { errorBody } from './api-schemas.ts';

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * Parses a JSON request body once, before any route: a malformed body gets 400 with the parser's
 * own words (where and what), rather than a bare "malformed JSON". Hono keeps the parsed body, so
 * the route validators read it again at no cost.
 */
export const jsonBodyGuard: MiddlewareHandler = async (c, next) => {
  const method = c.req.method;
  if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    try {
      await c.req.json();
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return c.json(errorBody(`malformed JSON in the request body: ${why}`, [{ path: [], message: why }]), 400);
    }
  }
  await next();
};
