import { describe, expect, it } from 'vitest';
import { ANNOTATION_LIMITS, parseGraphDocument, emptyGraph } from '@sluice/sdk/graph';
import { addNote, groupAround, insideGroup, marksToFlow, parseMarkId, patchMark, removeMarks } from './canvas-marks.ts';

describe('sticky notes and groups on the canvas', () => {
  it('adds, edits, moves and removes notes, keeping a document that parses', () => {
    const added = addNote(undefined, { x: 10.4, y: 20.6 })!;
    expect(added.flowId).toBe('note:note-1');
    let a = patchMark(added.annotations, added.flowId, { text: 'x'.repeat(ANNOTATION_LIMITS.noteText + 10), position: { x: 5.2, y: 6.7 } });
    expect(a!.notes!['note-1']).toEqual({ text: 'x'.repeat(ANNOTATION_LIMITS.noteText), position: { x: 5, y: 7 } });
    expect(parseGraphDocument({ ...emptyGraph('g'), annotations: a }).ok).toBe(true);
    expect(addNote(a, { x: 0, y: 0 })!.flowId).toBe('note:note-2');
    a = removeMarks(a, ['note:note-1']);
    expect(a).toBeUndefined();
  });

  it('frames a selection in a group and knows which nodes lie inside it', () => {
    const boxes = [
      { id: 'a', x: 0, y: 0, width: 230, height: 110 },
      { id: 'b', x: 300, y: 50, width: 230, height: 110 },
    ];
    const g = groupAround(undefined, boxes, 'Intake')!;
    const group = g.annotations.groups!['group-1']!;
    expect(insideGroup(group, [...boxes, { id: 'far', x: 900, y: 0, width: 230, height: 110 }])).toEqual(['a', 'b']);
    expect(parseGraphDocument({ ...emptyGraph('g'), annotations: g.annotations }).ok).toBe(true);
  });

  it('draws groups beneath nodes and notes above, with ids no node can have', () => {
    const a = {
      notes: { n: { text: '<b>hi</b>', position: { x: 0, y: 0 } } },
      groups: { g: { label: 'G', position: { x: 0, y: 0 }, size: { width: 100, height: 80 } } },
    };
    const flow = marksToFlow(a, new Set(['note:n']));
    expect(flow.map((f) => [f.id, f.type, f.zIndex, f.selected])).toEqual([
      ['group:g', 'group', -1, false],
      ['note:n', 'note', undefined, true],
    ]);
    expect(parseMarkId('note:n')).toEqual({ kind: 'note', id: 'n' });
    expect(parseMarkId('parse-csv-1')).toBeNull();
  });
});
