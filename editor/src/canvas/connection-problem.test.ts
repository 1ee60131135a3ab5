import { describe, expect, it } from 'vitest';
import { testNodeTypeInfo as info } from '@sluice/sdk/testing/graph';
import type { SluiceFlowNode } from './flow-model.ts';
import { wireProblem } from './connection-problem.ts';

const types = new Map([
  ['src', info('src', {}, { files: { kind: 'files', title: 'Files' } })],
  ['csv', info('csv', { files: { kind: 'files', title: 'Files' } }, { table: { kind: 'table', title: 'Rows' } })],
  ['sink', info('sink', { table: { kind: 'table', title: 'Rows' } }, {})],
]);
const node = (id: string, type: string): SluiceFlowNode => ({ id, type: 'sluice', position: { x: 0, y: 0 }, data: { type, typeVersion: 1, config: {} } });
const nodes = new Map(['src', 'csv', 'sink'].map((t) => [t, node(t, t)]));
const wire = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({ source, sourceHandle, target, targetHandle });

describe('wireProblem', () => {
  it('accepts matching kinds', () => {
    expect(wireProblem(wire('src', 'files', 'csv', 'files'), nodes, [], (t) => types.get(t))).toBeNull();
  });

  it('refuses a files output into a table input and says why', () => {
    expect(wireProblem(wire('src', 'files', 'sink', 'table'), nodes, [], (t) => types.get(t))).toMatch(/"files" output cannot feed a "table" input/);
  });

  it('refuses self loops, duplicates and cycles', () => {
    const edges = [{ id: 'e', ...wire('src', 'files', 'csv', 'files') }];
    expect(wireProblem(wire('csv', 'table', 'csv', 'files'), nodes, [], (t) => types.get(t))).toMatch(/itself/);
    expect(wireProblem(wire('src', 'files', 'csv', 'files'), nodes, edges, (t) => types.get(t))).toMatch(/already wired/);
    const tx = (t: string) =>
      t === 'tx' ? info('tx', { table: { kind: 'table', title: 'Rows' } }, { table: { kind: 'table', title: 'Rows' } }) : types.get(t);
    const ring = new Map([
      ['t1', node('t1', 'tx')],
      ['t2', node('t2', 'tx')],
    ]);
    const loop = [{ id: 'e', ...wire('t1', 'table', 't2', 'table') }];
    expect(wireProblem(wire('t2', 'table', 't1', 'table'), ring, loop, tx)).toMatch(/would make a cycle/);
  });

  it('refuses a second wire into a files input, naming what feeds it; tables may fan in', () => {
    const two = new Map([...nodes, ['src2', node('src2', 'src')], ['csv2', node('csv2', 'csv')]]);
    const edges = [
      { id: 'a', ...wire('src', 'files', 'csv', 'files') },
      { id: 'b', ...wire('csv', 'table', 'sink', 'table') },
    ];
    expect(wireProblem(wire('src2', 'files', 'csv', 'files'), two, edges, (t) => types.get(t))).toMatch(
      /a "files" input takes one wire, and this one is already fed by src: .*bypass.*checkpoint.* \(csv\.files\)/,
    );
    expect(wireProblem(wire('csv2', 'table', 'sink', 'table'), two, edges, (t) => types.get(t))).toBeNull();
  });

  it('names a missing type or port', () => {
    const odd = new Map([...nodes, ['x', node('x', 'gone')]]);
    expect(wireProblem(wire('src', 'files', 'x', 'files'), odd, [], (t) => types.get(t))).toMatch(/"gone" is not installed/);
    expect(wireProblem(wire('src', 'nope', 'csv', 'files'), nodes, [], (t) => types.get(t))).toMatch(/no output "nope"/);
  });
});
