import { describe, expect, it } from 'vitest';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import { testNodeTypeInfo } from '@sluice/sdk/testing/graph';
import type { SluiceFlowEdge, SluiceFlowNode } from './flow-model.ts';
import { wireChoices } from './wire-choices.ts';

const info = (type: string, title: string, inputs: NodeTypeInfo['inputs'], outputs: NodeTypeInfo['outputs']) => ({
  ...testNodeTypeInfo(type, inputs, outputs),
  title,
});
const files = { kind: 'files', title: 'Files' } as const;
const table = { kind: 'table', title: 'Rows' } as const;
const types = new Map([
  ['src', info('src', 'Folder', {}, { files })],
  ['gate', info('gate', 'Gate', { files }, { files })],
  ['csv', info('csv', 'CSV', { files }, { table })],
  ['sink', info('sink', 'Sink', { table }, {})],
]);
const typeOf = (t: string) => types.get(t);
const node = (id: string, type: string, x: number, name?: string): SluiceFlowNode => ({
  id,
  type: 'sluice',
  position: { x, y: 0 },
  data: { type, typeVersion: 1, config: {}, ...(name ? { name } : {}) },
});
const nodes = [node('sink', 'sink', 900), node('csv', 'csv', 600), node('gate', 'gate', 300, 'Daily gate'), node('src', 'src', 0)];
const edge = (source: string, sourceHandle: string, target: string, targetHandle: string): SluiceFlowEdge => ({
  id: `${source}.${sourceHandle}->${target}.${targetHandle}`,
  source,
  sourceHandle,
  target,
  targetHandle,
});

describe('wireChoices: the wires a keyboard user is offered', () => {
  it('lists only inputs of a matching kind, left to right, named by label, id and port', () => {
    const out = wireChoices('src', 'out', nodes, [], typeOf);
    expect(out.map((c) => c.label)).toEqual(['Files → Daily gate (gate) · Files', 'Files → CSV (csv) · Files']);
    expect(out[0]!.connection).toEqual({ source: 'src', sourceHandle: 'files', target: 'gate', targetHandle: 'files' });
    expect(wireChoices('csv', 'out', nodes, [], typeOf).map((c) => c.connection.target)).toEqual(['sink']);
  });

  it('follows the fan-in rule of the mouse: a fed files input is not offered again', () => {
    const edges = [edge('src', 'files', 'gate', 'files')];
    expect(wireChoices('src', 'out', nodes, edges, typeOf).map((c) => c.connection.target)).toEqual(['csv']);
    // A table input takes several wires.
    const second = [...nodes, node('csv2', 'csv', 650)];
    const fed = [edge('csv', 'table', 'sink', 'table')];
    expect(wireChoices('csv2', 'out', second, fed, typeOf).map((c) => c.connection.target)).toEqual(['sink']);
  });

  it('offers no duplicate wire and no cycle', () => {
    const edges = [edge('src', 'files', 'gate', 'files'), edge('gate', 'files', 'csv', 'files')];
    expect(wireChoices('gate', 'out', nodes, edges, typeOf)).toEqual([]);
    const loop = [edge('gate', 'files', 'csv', 'files')];
    const more = [...nodes, node('gate2', 'gate', 450)];
    // gate → gate2 is offered, until gate2 feeds gate: then it would close a cycle.
    expect(wireChoices('gate', 'out', more, loop, typeOf).map((c) => c.connection.target)).toContain('gate2');
    const withBack = [...loop, edge('gate2', 'files', 'gate', 'files')];
    expect(wireChoices('gate', 'out', more, withBack, typeOf).map((c) => c.connection.target)).not.toContain('gate2');
  });

  it('lists the outputs that can feed an input', () => {
    expect(wireChoices('sink', 'in', nodes, [], typeOf).map((c) => c.label)).toEqual(['Rows ← CSV (csv) · Rows']);
    expect(wireChoices('csv', 'in', nodes, [], typeOf).map((c) => c.connection.source)).toEqual(['src', 'gate']);
  });

  it('offers nothing for a node of a type that is not installed', () => {
    expect(wireChoices('x', 'out', [...nodes, node('x', 'missing', 10)], [], typeOf)).toEqual([]);
    expect(wireChoices('src', 'out', [...nodes, node('x', 'missing', 10)], [], typeOf).map((c) => c.connection.target)).toEqual(['gate', 'csv']);
  });
});
