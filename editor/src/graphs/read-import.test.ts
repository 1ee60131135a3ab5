import { describe, expect, it } from 'vitest';
import { emptyGraph, serializeGraph } from '@sluice/sdk/graph';
import { exportFileName, readImport } from './read-import.ts';

describe('readImport', () => {
  it('accepts an exported graph', () => {
    const r = readImport('g.json', serializeGraph(emptyGraph('Landing')));
    expect(r.ok && r.doc.name).toBe('Landing');
  });

  it('names the file and the cause for text that is not JSON', () => {
    const r = readImport('notes.txt', 'hello');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^notes\.txt is not JSON: /);
  });

  it('names the paths of what is wrong in a document', () => {
    const r = readImport('g.json', JSON.stringify({ format: 'sluice-graph', version: 2, name: '', nodes: {}, edges: [] }));
    expect(!r.ok && r.message).toMatch(/g\.json is not a Sluice graph: .*version.*name/);
  });
});

describe('exportFileName', () => {
  it('slugs the name', () => {
    expect(exportFileName('Orders: daily CSV!')).toBe('orders-daily-csv.sluice.json');
    expect(exportFileName('***')).toBe('graph.sluice.json');
  });
});
