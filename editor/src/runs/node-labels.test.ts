import { describe, expect, it } from 'vitest';
import { nodeLabels } from './node-labels.ts';

const titles: Record<string, string> = { 'parse-a': 'Parse A', sink: 'Sink' };
const titleOf = (t: string) => titles[t];

describe('node labels for tables', () => {
  it('a node goes by its label, else its type title, else its id', () => {
    const labels = nodeLabels(
      [
        { id: 'parse-a-1', name: 'Partner rows', type: 'parse-a' },
        { id: 'sink-1', type: 'sink' },
        { id: 'odd-1', type: 'unknown-type' },
        { id: 'blank-1', name: '   ', type: 'sink-2' },
      ],
      titleOf,
    );
    expect(Object.fromEntries(labels)).toEqual({ 'parse-a-1': 'Partner rows', 'sink-1': 'Sink', 'odd-1': 'odd-1', 'blank-1': 'blank-1' });
  });

  it('two nodes that would read the same are told apart by their ids', () => {
    const labels = nodeLabels(
      [
        { id: 'sink-1', type: 'sink' },
        { id: 'sink-2', type: 'sink' },
        { id: 'x', name: 'Sink', type: 'parse-a' },
        { id: 'parse-a-1', type: 'parse-a' },
      ],
      titleOf,
    );
    expect(Object.fromEntries(labels)).toEqual({ 'sink-1': 'Sink (sink-1)', 'sink-2': 'Sink (sink-2)', x: 'Sink (x)', 'parse-a-1': 'Parse A' });
  });
});
