import { describe, expect, it } from 'vitest';
import { ANNOTATION_LIMITS } from './canvas-annotations.ts';
import { emptyGraph, parseGraphDocument } from './graph-document.ts';
import { serializeGraph } from './serialize-graph.ts';

const withAnnotations = (annotations: unknown) => ({ ...emptyGraph('g'), annotations });
const note = (text: string) => ({ text, position: { x: 0, y: 0 } });

describe('sticky notes and groups in the graph document', () => {
  it('keeps notes and groups through a parse and a stable serialisation', () => {
    const doc = withAnnotations({
      notes: { b: { ...note('<img src=x onerror=alert(1)>'), color: 'blue' }, a: note('read me') },
      groups: { g: { label: 'Partner feed', position: { x: -10, y: 5 }, size: { width: 600, height: 300 } } },
    });
    const r = parseGraphDocument(doc);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const text = serializeGraph(r.value);
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'version', 'name', 'nodes', 'edges', 'annotations']);
    expect(Object.keys(JSON.parse(text).annotations.notes)).toEqual(['a', 'b']);
    expect(JSON.parse(text).annotations.notes.b.text).toBe('<img src=x onerror=alert(1)>');
  });

  it('refuses oversized text, too many notes, unknown colours, odd ids and unknown keys', () => {
    const bad = [
      { notes: { a: note('x'.repeat(ANNOTATION_LIMITS.noteText + 1)) } },
      { notes: Object.fromEntries(Array.from({ length: ANNOTATION_LIMITS.notes + 1 }, (_, i) => [`n${i}`, note('')])) },
      { notes: { a: { ...note(''), color: 'red; background: url(x)' } } },
      { notes: { '1a': note('') } },
      { groups: { g: { label: 'x', position: { x: 0, y: 0 }, size: { width: 1e9, height: 10 } } } },
      { notes: { a: { ...note(''), html: '<b>' } } },
      { sketches: {} },
    ];
    for (const a of bad) expect(parseGraphDocument(withAnnotations(a)).ok, JSON.stringify(a).slice(0, 80)).toBe(false);
  });
});
