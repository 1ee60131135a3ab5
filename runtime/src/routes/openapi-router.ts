import { OpenAPIHono } from '@hono/zod-openapi';
import { formatProblems, zodProblems } from '@sluice/sdk';
import { errorBody } from './api-schemas.ts';

const TARGET_NAMES: Record<string, string> = { json: 'body', form: 'form', query: 'query string', param: 'path', header: 'headers' };

/**
 * A router whose request schemas both validate and document the API. A request that fails its
 * schema gets 400 with every problem as `{path, message}`, the path starting at the field.
 */
export function newRouter(): OpenAPIHono {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (result.success) return;
      const problems = zodProblems(result.error);
      const where = TARGET_NAMES[result.target] ?? result.target;
      return c.json(errorBody(`invalid request ${where}: ${formatProblems(problems)}`, problems), 400);
    },
  });
}
