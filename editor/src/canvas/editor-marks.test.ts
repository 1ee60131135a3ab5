import { describe, expect, it } from 'vitest';
import { serializeGraph, type GraphDocument } from '@sluice/sdk/graph';
import { editorReducer, initialEditorState, isDirty, OVERLAY_PREFIX, type EditorAction, type EditorState } from './editor-state.ts';
import { flowToDoc } from './flow-model.ts';

const node = (x: number) => ({ type: 'parse-csv', typeVersion: 1, position: { x, y: 0 }, config: {} });
const doc: GraphDocument = {
  format: 'sluice-graph',
  version: 1,
  name: 'g',
  nodes: { a: node(0), b: node(300), c: node(900) },
  edges: [{ from: { node: 'a', port: 'table' }, to: { node: 'b', port: 'table' } }],
};
const run = (s: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, s);
const saved = (s: EditorState) => JSON.parse(serializeGraph(flowToDoc(s.head, s.nodes, s.edges)));
const sizes = {};

describe('editor state: disabling, notes, groups, selection', () => {
  it('disables the selected nodes, enables them again, and undoes it', () => {
    const s0 = initialEditorState(doc);
    const off = run(s0, { type: 'select', ids: ['a', 'b'] }, { type: 'toggleDisabled' });
    expect(saved(off).nodes.a.disabled).toBe(true);
    expect(saved(off).nodes.b.disabled).toBe(true);
    expect(saved(off).nodes.c.disabled).toBeUndefined();
    expect(isDirty(off)).toBe(true);
    const on = run(off, { type: 'toggleDisabled' });
    expect(saved(on)).toEqual(saved(s0));
    expect(saved(run(off, { type: 'undo' }))).toEqual(saved(s0));
    expect(run(s0, { type: 'toggleDisabled' })).toBe(s0);
  });

  it('selects exactly what a search found', () => {
    const s = run(initialEditorState(doc), { type: 'selectAll' }, { type: 'select', ids: ['c'] });
    expect(s.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['c']);
  });

  it('adds a note, edits its text in one undo step, moves it with a drag, and deletes it', () => {
    let s = run(initialEditorState(doc), { type: 'addNote', position: { x: 10, y: -200 } });
    expect(s.markSelection).toEqual(['note:note-1']);
    s = run(s, { type: 'editMark', id: 'note:note-1', text: 'h' }, { type: 'editMark', id: 'note:note-1', text: 'hi' });
    expect(saved(s).annotations.notes['note-1']).toEqual({ text: 'hi', position: { x: 10, y: -200 } });
    expect(saved(run(s, { type: 'undo' })).annotations.notes['note-1'].text).toBe('');
    s = run(s, { type: 'dragStart' }, { type: 'nodesChange', changes: [{ type: 'position', id: 'note:note-1', position: { x: 50, y: 60 }, dragging: true }] });
    expect(saved(s).annotations.notes['note-1'].position).toEqual({ x: 50, y: 60 });
    s = run(s, { type: 'deleteSelected' });
    expect(saved(s).annotations).toBeUndefined();
    expect(saved(run(s, { type: 'undo' })).annotations.notes['note-1'].text).toBe('hi');
  });

  it('groups the selection; grabbing the group selects its members so they move with it', () => {
    let s = run(initialEditorState(doc), { type: 'select', ids: ['a', 'b'] }, { type: 'groupSelection', sizes });
    const group = saved(s).annotations.groups['group-1'];
    expect(group.label).toBe('Group');
    s = run(s, { type: 'select', ids: [] }, { type: 'grabGroup', id: 'group:group-1', sizes });
    expect(s.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['a', 'b']);
    expect(s.markSelection).toEqual(['group:group-1']);
    // Deleting the group keeps the nodes that were inside it only when they are not selected.
    s = run(s, { type: 'select', ids: ['group:group-1'] }, { type: 'deleteSelected' });
    expect(Object.keys(saved(s).nodes)).toEqual(['a', 'b', 'c']);
    expect(saved(s).annotations).toBeUndefined();
  });

  it('ignores changes to the overlay copies of wires', () => {
    const s0 = initialEditorState(doc);
    const s = run(s0, { type: 'edgesChange', changes: [{ type: 'remove', id: `${OVERLAY_PREFIX}a.table->b.table` }] });
    expect(s.edges).toHaveLength(1);
  });
});
