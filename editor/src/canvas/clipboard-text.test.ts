import { describe, expect, it } from 'vitest';
import { parseGraphDocument } from '@sluice/sdk/graph';
import { copySelection, pasteNodes } from './clipboard.ts';
import { clipboardText, MAX_PASTE_CHARS, readClipboardText } from './clipboard-text.ts';
import type { SluiceFlowNode } from './flow-model.ts';

const node = (id: string, x: number, data: Partial<SluiceFlowNode['data']> = {}): SluiceFlowNode => ({
  id,
  type: 'sluice',
  position: { x, y: 20.4 },
  selected: true,
  data: { type: 'parse-csv', typeVersion: 1, config: { delimiter: ';' }, ...data },
});

describe('copy and paste through the system clipboard', () => {
  const nodes = [node('a', 0, { name: 'Orders' }), node('b', 300, { disabled: true })];
  const edges = [{ id: 'e', source: 'a', sourceHandle: 'table', target: 'b', targetHandle: 'table' }];

  it('copies as an exported graph (text a text editor shows) and pastes that text back with new ids', () => {
    const text = clipboardText(copySelection(nodes, edges)!);
    const doc = JSON.parse(text);
    expect(parseGraphDocument(doc).ok).toBe(true);
    expect(doc.nodes.a).toEqual({ type: 'parse-csv', typeVersion: 1, name: 'Orders', position: { x: 0, y: 20 }, config: { delimiter: ';' } });
    expect(doc.nodes.b.disabled).toBe(true);
    const read = readClipboardText(text);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const pasted = pasteNodes(read.payload, new Set(['a', 'b', 'parse-csv-1']), { x: 0, y: 0 });
    expect(pasted.nodes.map((n) => [n.id, n.data.name, n.data.disabled])).toEqual([
      ['parse-csv-2', 'Orders', undefined],
      ['parse-csv-3', undefined, true],
    ]);
    expect(pasted.edges).toEqual([expect.objectContaining({ source: 'parse-csv-2', target: 'parse-csv-3' })]);
  });

  it('refuses hostile or foreign text, saying why, before anything changes', () => {
    const messages = [
      'just a sentence',
      '{"format": "sluice-graph", ',
      JSON.stringify({
        format: 'sluice-graph',
        version: 1,
        name: 'x',
        nodes: { a: { type: '<img>', typeVersion: 1, position: { x: 0, y: 0 }, config: {} } },
        edges: [],
      }),
      JSON.stringify({ format: 'sluice-graph', version: 1, name: 'x', nodes: {}, edges: [] }),
      JSON.stringify({
        format: 'sluice-graph',
        version: 1,
        name: 'x',
        nodes: { a: { type: 't', typeVersion: 1, position: { x: 0, y: 0 }, config: {} } },
        edges: [{ from: { node: 'a', port: 'p' }, to: { node: 'ghost', port: 'p' } }],
      }),
      `{"x":"${'a'.repeat(MAX_PASTE_CHARS)}"}`,
      JSON.stringify({
        format: 'sluice-graph',
        version: 1,
        name: 'x',
        edges: [],
        nodes: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`n${i}`, { type: 't', typeVersion: 1, position: { x: 0, y: 0 }, config: {} }])),
      }),
    ].map((t) => {
      const r = readClipboardText(t);
      return r.ok ? 'accepted' : r.message;
    });
    expect(messages).toEqual([
      expect.stringMatching(/holds text, not Sluice nodes/),
      expect.stringMatching(/is not JSON/),
      expect.stringMatching(/is not a Sluice graph: nodes\.a\.type/),
      'The pasted graph has no nodes.',
      expect.stringMatching(/not in the graph/),
      expect.stringMatching(/too long/),
      expect.stringMatching(/501 nodes; at most 500/),
    ]);
  });
});
