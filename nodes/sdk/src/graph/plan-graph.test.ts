import { describe, expect, it } from 'vitest';
import { emptyGraph, type GraphDocument } from './graph-document.ts';
import { testNodeTypeInfo as info } from '../../testing/test-node-type-info.ts';
import { planGraph } from './plan-graph.ts';

const files = { kind: 'files', title: 'Files' } as const;
const table = { kind: 'table', title: 'Rows' } as const;
const types = new Map([
  ['src', info('src', {}, { files })],
  ['gate', info('gate', { files }, { files })],
  ['csv', info('csv', { files }, { table })],
  ['sink', info('sink', { table }, {})],
]);
const resolve = (t: string) => {
  const i = types.get(t);
  return i && { info: i };
};

function graph(nodes: Record<string, string>, edges: [string, string, string, string][]): GraphDocument {
  return {
    ...emptyGraph('g'),
    nodes: Object.fromEntries(Object.entries(nodes).map(([id, type]) => [id, { type, typeVersion: 1, position: { x: 0, y: 0 }, config: {} }])),
    edges: edges.map(([a, ap, b, bp]) => ({ from: { node: a, port: ap }, to: { node: b, port: bp } })),
  };
}

describe('planGraph: fan-in', () => {
  it('refuses a second wire into a files input (a source past its checkpoint), naming both feeders', () => {
    const doc = graph({ s: 'src', c: 'gate', p: 'csv', k: 'sink' }, [
      ['s', 'files', 'c', 'files'],
      ['c', 'files', 'p', 'files'],
      ['s', 'files', 'p', 'files'],
      ['p', 'table', 'k', 'table'],
    ]);
    expect(planGraph(doc, resolve).problems).toEqual([
      {
        path: ['edges', 2],
        message: expect.stringMatching(
          /^input "files" of node "p" cannot also be fed by s: a "files" input takes one wire, and this one is already fed by c: /,
        ),
      },
    ]);
  });

  it('lets several parsers feed one table input', () => {
    const doc = graph({ s: 'src', t: 'src', p: 'csv', q: 'csv', k: 'sink' }, [
      ['s', 'files', 'p', 'files'],
      ['t', 'files', 'q', 'files'],
      ['p', 'table', 'k', 'table'],
      ['q', 'table', 'k', 'table'],
    ]);
    expect(planGraph(doc, resolve).problems).toEqual([]);
  });
});

describe('planGraph: disabled nodes', () => {
  const off = (doc: GraphDocument, ...ids: string[]) => {
    for (const id of ids) doc.nodes[id] = { ...doc.nodes[id]!, disabled: true };
    return doc;
  };

  it('plans the graph without a disabled node and its wires, and does not check the node itself', () => {
    const doc = off(
      graph({ s: 'src', p: 'csv', k: 'sink', q: 'csv', x: 'nowhere' }, [
        ['s', 'files', 'p', 'files'],
        ['p', 'table', 'k', 'table'],
        ['s', 'files', 'q', 'files'],
        ['q', 'table', 'k', 'table'],
        ['x', 'files', 'q', 'files'],
      ]),
      'q',
      'x',
    );
    const plan = planGraph(doc, resolve);
    expect(plan.problems).toEqual([]);
    expect(plan.order).toEqual(['s', 'p', 'k']);
  });

  it('refuses a node left with a required input unwired, naming the disabled node that fed it', () => {
    const doc = off(
      graph({ s: 'src', c: 'gate', p: 'csv', k: 'sink' }, [
        ['s', 'files', 'c', 'files'],
        ['c', 'files', 'p', 'files'],
        ['p', 'table', 'k', 'table'],
      ]),
      'c',
    );
    expect(planGraph(doc, resolve).problems).toEqual([
      {
        path: ['nodes', 'p'],
        message: 'input "files" of node "p" (csv) is not connected: its wire comes from "c", which is disabled; enable it or disable this node too',
      },
    ]);
    // Disabling the rest of the branch makes it runnable again.
    expect(planGraph(off(doc, 'p', 'k'), resolve).problems).toEqual([]);
  });
});
