import { describe, expect, it } from 'vitest';
import { parseGraphDocument, serializeGraph, type GraphDocument } from '@sluice/sdk/graph';
import { docToFlow, flowToDoc } from './flow-model.ts';

const doc: GraphDocument = {
  format: 'sluice-graph',
  version: 1,
  name: 'Landing',
  settings: { stopOnError: true },
  nodes: {
    src: { type: 'source-local', typeVersion: 1, position: { x: 0, y: 10 }, config: { folder: '/in', patterns: ['*.gz'] } },
    csv: { type: 'parse-csv', typeVersion: 2, name: 'Orders', disabled: true, position: { x: 300, y: 10 }, config: { header: true } },
  },
  edges: [{ from: { node: 'src', port: 'files' }, to: { node: 'csv', port: 'files' } }],
  annotations: { notes: { n: { text: 'hello', position: { x: 0, y: -100 } } } },
};

describe('graph <-> flow', () => {
  it('round-trips a document byte for byte', () => {
    const { nodes, edges } = docToFlow(doc);
    const back = flowToDoc({ name: doc.name, settings: doc.settings, annotations: doc.annotations }, nodes, edges);
    expect(serializeGraph(back)).toBe(serializeGraph(doc));
    expect(parseGraphDocument(back).ok).toBe(true);
  });

  it('maps ports to handles and rounds dragged positions', () => {
    const { nodes, edges } = docToFlow(doc);
    expect(edges[0]).toMatchObject({ source: 'src', sourceHandle: 'files', target: 'csv', targetHandle: 'files' });
    nodes[0]!.position = { x: 10.4, y: 19.6 };
    expect(flowToDoc({ name: 'x' }, nodes, edges).nodes.src!.position).toEqual({ x: 10, y: 20 });
  });

  it('keeps UI state (selection, measured size) out of the document', () => {
    const { nodes, edges } = docToFlow(doc);
    const touched = nodes.map((n) => ({ ...n, selected: true, measured: { width: 200, height: 90 }, dragging: false }));
    expect(serializeGraph(flowToDoc({ name: doc.name, settings: doc.settings, annotations: doc.annotations }, touched, edges))).toBe(serializeGraph(doc));
  });
});
