import { describe, expect, it } from 'vitest';
import { serializeGraph, type GraphDocument } from '@sluice/sdk/graph';
import { copySelection } from './clipboard.ts';
import { editorReducer, initialEditorState, isDirty, type EditorAction, type EditorState } from './editor-state.ts';
import { flowToDoc } from './flow-model.ts';

const doc: GraphDocument = {
  format: 'sluice-graph',
  version: 1,
  name: 'g',
  nodes: { a: { type: 'source-local', typeVersion: 1, position: { x: 0, y: 0 }, config: { folder: '/in' } } },
  edges: [],
};
const run = (s: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, s);
const text = (s: EditorState) => serializeGraph(flowToDoc(s.head, s.nodes, s.edges));
const add = (nodeType: string): EditorAction => ({ type: 'add', nodeType, typeVersion: 1, config: {}, position: { x: 100, y: 0 } });

describe('editor state', () => {
  it('adds, wires, undoes and redoes, marking the graph unsaved', () => {
    const s0 = initialEditorState(doc);
    expect(isDirty(s0)).toBe(false);
    const s1 = run(s0, add('parse-csv'), { type: 'connect', connection: { source: 'a', sourceHandle: 'files', target: 'parse-csv-1', targetHandle: 'files' } });
    expect(s1.nodes.map((n) => n.id)).toEqual(['a', 'parse-csv-1']);
    expect(s1.edges).toHaveLength(1);
    expect(isDirty(s1)).toBe(true);
    const u = run(s1, { type: 'undo' }, { type: 'undo' });
    expect(text(u)).toBe(text(s0));
    expect(text(run(u, { type: 'redo' }, { type: 'redo' }))).toBe(text(s1));
  });

  it('makes one undo step of consecutive edits to one field', () => {
    const s0 = initialEditorState(doc);
    const typed = ['/i', '/in', '/in2'].reduce(
      (s, folder) => editorReducer(s, { type: 'updateNode', id: 'a', patch: { config: { folder } }, editKey: 'folder' }),
      s0,
    );
    expect(typed.nodes[0]!.data.config.folder).toBe('/in2');
    expect(text(run(typed, { type: 'undo' }))).toBe(text(s0));
  });

  it('deletes selected nodes with their edges in one step', () => {
    let s = run(initialEditorState(doc), add('parse-csv'), {
      type: 'connect',
      connection: { source: 'a', sourceHandle: 'files', target: 'parse-csv-1', targetHandle: 'files' },
    });
    s = run(s, { type: 'deleteSelected' }); // the added node is selected
    expect(s.nodes.map((n) => n.id)).toEqual(['a']);
    expect(s.edges).toEqual([]);
    expect(run(s, { type: 'undo' }).edges).toHaveLength(1);
  });

  it('pastes copies with new ids and marks saved at a version', () => {
    let s = run(initialEditorState(doc), { type: 'selectAll' });
    s = run(s, { type: 'paste', payload: copySelection(s.nodes, s.edges)!, offset: { x: 30, y: 30 } });
    expect(s.nodes.map((n) => n.id)).toEqual(['a', 'source-local-1']);
    expect(s.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['source-local-1']);
    const saved = run(s, { type: 'markSaved', version: s.version });
    expect(isDirty(saved)).toBe(false);
  });

  it('treats selection as UI state, not a change', () => {
    const s = run(initialEditorState(doc), { type: 'nodesChange', changes: [{ type: 'select', id: 'a', selected: true }] });
    expect(isDirty(s)).toBe(false);
    expect(s.history.past).toEqual([]);
  });

  it('is saved again once undone back to the saved state, and unsaved after the redo', () => {
    const s0 = run(initialEditorState(doc), { type: 'markSaved', version: 0 });
    const s1 = run(s0, add('parse-csv'), { type: 'deleteSelected' });
    expect(isDirty(s1)).toBe(true);
    const back = run(s1, { type: 'undo' }, { type: 'undo' });
    expect(isDirty(back)).toBe(false);
    expect(isDirty(run(back, { type: 'redo' }))).toBe(true);
    // A new change after an undo is never taken for the saved state.
    const other = run(back, add('bronze-sink'));
    expect(isDirty(other)).toBe(true);
    expect(isDirty(run(other, { type: 'undo' }))).toBe(false);
  });

  it('takes a node let go within a few pixels of where it was grabbed for a click: no move, no undo step', () => {
    const s0 = run(initialEditorState(doc), { type: 'markSaved', version: 0 });
    const s = run(
      s0,
      { type: 'dragStart' },
      { type: 'nodesChange', changes: [{ type: 'position', id: 'a', position: { x: 2, y: 1 }, dragging: true }] },
      { type: 'nodesChange', changes: [{ type: 'position', id: 'a', position: { x: 2, y: 1 }, dragging: false }] },
    );
    expect(s.nodes[0]!.position).toEqual({ x: 0, y: 0 });
    expect(s.history.past).toEqual([]);
    expect(isDirty(s)).toBe(false);
    const moved = run(s0, { type: 'dragStart' }, { type: 'nodesChange', changes: [{ type: 'position', id: 'a', position: { x: 40, y: 1 }, dragging: false }] });
    expect(moved.nodes[0]!.position).toEqual({ x: 40, y: 1 });
    expect(moved.history.past).toHaveLength(1);
    expect(isDirty(moved)).toBe(true);
  });

  it('never spends an undo on a step that changed nothing (a drag started and never let go)', () => {
    let s = run(initialEditorState(doc), add('parse-csv'), { type: 'deleteSelected' });
    expect(s.nodes).toHaveLength(1);
    s = run(s, { type: 'dragStart' }, { type: 'nodesChange', changes: [{ type: 'position', id: 'a', position: { x: 0.3, y: 0.2 }, dragging: true }] });
    expect(s.history.past).toHaveLength(3);
    expect(run(s, { type: 'undo' }).nodes.map((n) => n.id)).toEqual(['a', 'parse-csv-1']);
  });
});
