import { healthSchema, nodeTypeListSchema } from '@sluice/sdk/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

describe('health, node types and the OpenAPI document', () => {
  it('reports health with plugin problems and run counts', async () => {
    const r = await t.call('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', version: '0.0.0-test', runs: {} });
    expect(r.body.nodeTypes).toBeGreaterThan(1);
    expect(Array.isArray(r.body.pluginProblems)).toBe(true);
  });

  it('lists node types with JSON Schema forms, including the third-party example', async () => {
    const r = await t.call('GET', '/api/node-types');
    const fw = r.body.items.find((i: any) => i.type === 'parse-fixed-width');
    expect(fw).toMatchObject({ category: 'parse', package: { name: 'sluice-node-parse-fixed-width', version: '1.0.0' }, defaults: { trim: true } });
    expect(fw.configSchema.properties.columns.type).toBe('array');
    expect(r.body.items.some((i: any) => i.type === 'decompress')).toBe(true);
  });

  it('answers in the shapes of the wire contract (@sluice/sdk/wire), to the letter', async () => {
    // Parsing strips keys a schema does not name: equal to the body means nothing is missing or unknown.
    const exact = (schema: { parse(v: unknown): unknown }, body: unknown) => expect(schema.parse(body)).toEqual(body);
    exact(healthSchema, (await t.call('GET', '/api/health')).body);
    exact(healthSchema, (await t.call('GET', '/api/health', undefined, { token: null })).body);
    exact(nodeTypeListSchema, (await t.call('GET', '/api/node-types')).body);
  });

  it('serves an OpenAPI document generated from the request schemas', async () => {
    const r = await t.call('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    for (const path of [
      '/api/graphs',
      '/api/graphs/{id}',
      '/api/graphs/{id}/export',
      '/api/graphs/import',
      '/api/graphs/{id}/runs',
      '/api/runs/{id}',
      '/api/runs/{id}/events',
      '/api/credentials/{name}',
      '/api/node-types',
      '/api/health',
    ]) {
      expect(Object.keys(r.body.paths), path).toContain(path);
    }
    const put = r.body.paths['/api/graphs/{id}'].put;
    expect(put.requestBody.content['application/json'].schema).toBeTruthy();
    expect(put.responses['422']).toBeTruthy();
  });
});
