import { describe, expect, it } from 'vitest';
import { placeholderPorts } from './placeholder-ports.ts';

describe('placeholderPorts', () => {
  const edges = [
    { source: 'src', sourceHandle: 'files', target: 'x', targetHandle: 'in' },
    { source: 'x', sourceHandle: 'rows', target: 'sink', targetHandle: 'table' },
    { source: 'x', sourceHandle: 'rows', target: 'other', targetHandle: 'table' },
    { source: 'x', sourceHandle: 'odd', target: 'y', targetHandle: 'z' },
    { source: 'src', sourceHandle: 'files', target: 'elsewhere', targetHandle: 'files' },
  ];
  const kindAt = (node: string, port: string) => (node === 'src' && port === 'files' ? 'files' : node === 'sink' ? 'table' : undefined);

  it("reads a placeholder's ports from its wires, each port once, with the kind of the wire's other end", () => {
    expect(placeholderPorts('x', edges, kindAt)).toEqual({
      inputs: { in: { kind: 'files', title: 'in', required: false } },
      outputs: { rows: { kind: 'table', title: 'rows' }, odd: { kind: 'files', title: 'odd' } },
    });
    expect(placeholderPorts('lonely', edges, kindAt)).toEqual({ inputs: {}, outputs: {} });
  });
});
