import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { GraphDocument, NodeTypeInfo } from '@sluice/sdk/graph';
import { testNodeTypeInfo } from '@sluice/sdk/testing/graph';
import { configProblemsOf, nodeProblems, withoutNode } from './node-problems.ts';

/** A node type whose config schema is the JSON Schema of `config`, as the runtime makes it. */
const info = (type: string, config: z.ZodType, inputs: NodeTypeInfo['inputs'], outputs: NodeTypeInfo['outputs']): NodeTypeInfo =>
  testNodeTypeInfo(type, inputs, outputs, z.toJSONSchema(config, { io: 'input' }) as Record<string, unknown>);
const types = new Map([
  ['src', info('src', z.strictObject({ folder: z.string().min(1) }), {}, { files: { kind: 'files', title: 'Files' } })],
  [
    'csv',
    info(
      'csv',
      z.strictObject({ delimiter: z.string().length(1).default(',') }),
      { files: { kind: 'files', title: 'Files' } },
      { table: { kind: 'table', title: 'Rows' } },
    ),
  ],
]);
const doc: GraphDocument = {
  format: 'sluice-graph',
  version: 1,
  name: 'g',
  nodes: {
    s: { type: 'src', typeVersion: 1, position: { x: 0, y: 0 }, config: { folder: '' } },
    c: { type: 'csv', typeVersion: 1, position: { x: 0, y: 0 }, config: { delimiter: ';;' } },
    lone: { type: 'csv', typeVersion: 1, position: { x: 0, y: 0 }, config: {} },
  },
  edges: [{ from: { node: 's', port: 'files' }, to: { node: 'c', port: 'files' } }],
};

describe('nodeProblems', () => {
  it('finds config problems and unwired inputs per node, with the field named', () => {
    const p = nodeProblems(doc, (t) => types.get(t));
    expect(p.s![0]).toMatch(/^folder: /);
    expect(p.c![0]).toMatch(/^delimiter: /);
    expect(p.lone).toEqual(['input "files" is not connected']);
  });

  it('adds the runtime problems, with or without a `document` prefix, and maps them to fields', () => {
    const server = [{ path: ['document', 'nodes', 'c', 'config', 'delimiter'], message: 'must be one character' }];
    expect(nodeProblems(doc, (t) => types.get(t), server).c![0]).toBe('delimiter: must be one character');
    expect(configProblemsOf('c', server)).toEqual({ delimiter: 'must be one character' });
    expect(withoutNode(server, 'c')).toEqual([]);
    expect(withoutNode(server, 's')).toBe(server);
  });
});
