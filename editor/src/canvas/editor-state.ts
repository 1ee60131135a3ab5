import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { GraphDocument } from '@sluice/sdk/graph';
import type { ClipboardPayload } from './clipboard.ts';
import { pasteNodes } from './clipboard.ts';
import { addNote, groupAround, insideGroup, parseMarkId, patchMark, removeMarks } from './canvas-marks.ts';
import { docToFlow, type DocumentHead, type SluiceFlowEdge, type SluiceFlowNode, type SluiceNodeData } from './flow-model.ts';
import { emptyHistory, record, redo, undo, type History } from './history.ts';
import { newNodeId } from './node-ids.ts';

/** What undo restores: the drawn graph and its head, nothing of the UI around it. */
export interface Snapshot {
  nodes: SluiceFlowNode[];
  edges: SluiceFlowEdge[];
  head: DocumentHead;
  /** Names this content: a new value on every change, restored with the snapshot by undo and redo. */
  version: number;
}

export interface EditorState extends Snapshot {
  history: History<Snapshot>;
  /** `version` at the last save: undoing back to it makes the graph saved again. */
  savedVersion: number;
  /** The highest version given out, so a change never reuses the version of an undone state. */
  lastVersion: number;
  /** Field edits in a row on the same field make one undo step, not one per keystroke. */
  lastEditKey?: string;
  /** The state when the node drag under way began (also the undo step it recorded). */
  dragFrom?: Snapshot;
  /** Selected sticky notes and groups, by their canvas ids ("note:x"): UI state, never saved. */
  markSelection: string[];
}

/** The prefix of a wire's overlay copy, drawn above the nodes so that no wire is hidden (Canvas). */
export const OVERLAY_PREFIX = 'over:';

/** A node let go within this many pixels of where it was grabbed was clicked, not moved. */
export const CLICK_SLOP = 3;

export type EditorAction =
  | { type: 'load'; doc: GraphDocument }
  | { type: 'nodesChange'; changes: NodeChange<SluiceFlowNode>[] }
  | { type: 'edgesChange'; changes: EdgeChange[] }
  | { type: 'dragStart' }
  | { type: 'connect'; connection: Connection }
  | { type: 'add'; nodeType: string; typeVersion: number; config: Record<string, unknown>; position: { x: number; y: number } }
  | { type: 'updateNode'; id: string; patch: Partial<Pick<SluiceNodeData, 'config' | 'name'>>; editKey?: string }
  | { type: 'deleteSelected' }
  | { type: 'paste'; payload: ClipboardPayload; offset: { x: number; y: number } }
  | { type: 'selectAll' }
  /** Exactly these nodes or marks selected (a search result, a right-clicked node). */
  | { type: 'select'; ids: string[] }
  /** The selected nodes disabled, or enabled again when all of them already are. */
  | { type: 'toggleDisabled' }
  | { type: 'addNote'; position: { x: number; y: number } }
  | { type: 'groupSelection'; sizes: Record<string, { width: number; height: number }> }
  | { type: 'editMark'; id: string; text?: string; label?: string }
  /** A group grabbed: it and the nodes inside its frame are selected, so they are dragged together. */
  | { type: 'grabGroup'; id: string; sizes: Record<string, { width: number; height: number }> }
  | { type: 'layout'; positions: Record<string, { x: number; y: number }> }
  | { type: 'setHead'; patch: Partial<DocumentHead> }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'markSaved'; version: number };

export function initialEditorState(doc: GraphDocument): EditorState {
  const { nodes, edges } = docToFlow(doc);
  return {
    nodes,
    edges,
    head: { name: doc.name, description: doc.description, settings: doc.settings, annotations: doc.annotations },
    history: emptyHistory(),
    version: 0,
    savedVersion: 0,
    lastVersion: 0,
    markSelection: [],
  };
}

function snapshot(s: EditorState): Snapshot {
  return { nodes: s.nodes, edges: s.edges, head: s.head, version: s.version };
}

/** A new version for changed content. */
function bumped(s: EditorState): Pick<EditorState, 'version' | 'lastVersion'> {
  return { version: s.lastVersion + 1, lastVersion: s.lastVersion + 1 };
}

/** A change of the document: remember the state before it for undo and mark the graph unsaved. */
function change(s: EditorState, next: Partial<Snapshot>, editKey?: string): EditorState {
  const coalesce = editKey !== undefined && editKey === s.lastEditKey;
  return {
    ...s,
    ...next,
    history: coalesce ? s.history : record(s.history, snapshot(s)),
    ...bumped(s),
    lastEditKey: editKey,
  };
}

const deselect = <T extends { selected?: boolean }>(items: T[]) => items.map((i) => (i.selected ? { ...i, selected: false } : i));

export function editorReducer(s: EditorState, a: EditorAction): EditorState {
  switch (a.type) {
    case 'load':
      return initialEditorState(a.doc);
    case 'nodesChange': {
      const marks = a.changes.filter((c) => 'id' in c && parseMarkId(c.id));
      const rest = marks.length ? a.changes.filter((c) => !marks.includes(c)) : a.changes;
      const base = marks.length ? applyMarkChanges(s, marks) : s;
      return rest.length ? applyNodeMoves(base, rest) : base;
    }
    case 'edgesChange': {
      // Only the drawn wires: their overlay copies above the nodes (Canvas) are not wires of the graph.
      const edges = applyEdgeChanges(
        a.changes.filter((c) => !('id' in c) || !c.id.startsWith(OVERLAY_PREFIX)),
        s.edges,
      );
      return a.changes.some((c) => c.type === 'remove' || c.type === 'add') ? change(s, { edges }) : { ...s, edges };
    }
    case 'dragStart': {
      const from = snapshot(s);
      return { ...s, history: record(s.history, from), lastEditKey: undefined, dragFrom: from };
    }
    case 'connect': {
      const c = a.connection;
      const id = `${c.source}.${c.sourceHandle}->${c.target}.${c.targetHandle}`;
      return change(s, { edges: addEdge({ ...c, id }, s.edges) });
    }
    case 'add': {
      const id = newNodeId(a.nodeType, new Set(s.nodes.map((n) => n.id)));
      const node: SluiceFlowNode = {
        id,
        type: 'sluice',
        position: a.position,
        selected: true,
        data: { type: a.nodeType, typeVersion: a.typeVersion, config: structuredClone(a.config) },
      };
      return change(s, { nodes: [...deselect(s.nodes), node], edges: deselect(s.edges) });
    }
    case 'updateNode':
      return change(
        s,
        { nodes: s.nodes.map((n) => (n.id === a.id ? { ...n, data: { ...n.data, ...a.patch } } : n)) },
        a.editKey ? `${a.id}:${a.editKey}` : undefined,
      );
    case 'deleteSelected': {
      const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
      const edges = s.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
      const marks = s.markSelection;
      if (!gone.size && edges.length === s.edges.length && !marks.length) return s;
      const head = marks.length ? { ...s.head, annotations: removeMarks(s.head.annotations, marks) } : s.head;
      return { ...change(s, { nodes: s.nodes.filter((n) => !gone.has(n.id)), edges, head }), markSelection: [] };
    }
    case 'paste': {
      const pasted = pasteNodes(a.payload, new Set(s.nodes.map((n) => n.id)), a.offset);
      return { ...change(s, { nodes: [...deselect(s.nodes), ...pasted.nodes], edges: [...deselect(s.edges), ...pasted.edges] }), markSelection: [] };
    }
    case 'selectAll':
      return { ...s, nodes: s.nodes.map((n) => ({ ...n, selected: true })) };
    case 'select': {
      const ids = new Set(a.ids);
      return {
        ...s,
        nodes: s.nodes.map((n) => (!!n.selected === ids.has(n.id) ? n : { ...n, selected: ids.has(n.id) })),
        edges: deselect(s.edges),
        markSelection: a.ids.filter((id) => parseMarkId(id)),
      };
    }
    case 'toggleDisabled': {
      const picked = s.nodes.filter((n) => n.selected);
      if (!picked.length) return s;
      const disable = !picked.every((n) => n.data.disabled);
      const nodes = s.nodes.map((n) => {
        if (!n.selected) return n;
        const { disabled: _, ...data } = n.data;
        return { ...n, data: disable ? { ...data, disabled: true } : data };
      });
      return change(s, { nodes });
    }
    case 'addNote': {
      const added = addNote(s.head.annotations, a.position);
      if (!added) return s;
      return {
        ...change(s, { head: { ...s.head, annotations: added.annotations }, nodes: deselect(s.nodes), edges: deselect(s.edges) }),
        markSelection: [added.flowId],
      };
    }
    case 'groupSelection': {
      const picked = s.nodes.filter((n) => n.selected);
      const boxes = picked.map((n) => ({ id: n.id, ...n.position, ...(a.sizes[n.id] ?? { width: 230, height: 110 }) }));
      const made = groupAround(s.head.annotations, boxes);
      if (!made) return s;
      return { ...change(s, { head: { ...s.head, annotations: made.annotations } }), markSelection: [made.flowId] };
    }
    case 'editMark': {
      const annotations = patchMark(s.head.annotations, a.id, { text: a.text, label: a.label });
      return annotations === s.head.annotations ? s : change(s, { head: { ...s.head, annotations } }, `${a.id}:text`);
    }
    case 'grabGroup': {
      const ref = parseMarkId(a.id);
      const group = ref?.kind === 'group' ? s.head.annotations?.groups?.[ref.id] : undefined;
      if (!group) return s;
      const members = new Set(
        insideGroup(
          group,
          s.nodes.map((n) => ({ id: n.id, ...n.position, ...(a.sizes[n.id] ?? { width: 230, height: 110 }) })),
        ),
      );
      const marks = [
        a.id,
        ...Object.entries(s.head.annotations?.notes ?? {})
          .filter(([, n]) => insideGroup(group, [{ id: 'n', ...n.position, ...(n.size ?? { width: 220, height: 120 }) }]).length)
          .map(([id]) => `note:${id}`),
      ];
      return {
        ...s,
        nodes: s.nodes.map((n) => (!!n.selected === members.has(n.id) ? n : { ...n, selected: members.has(n.id) })),
        edges: deselect(s.edges),
        markSelection: marks,
      };
    }
    case 'layout':
      return change(s, { nodes: s.nodes.map((n) => (a.positions[n.id] ? { ...n, position: a.positions[n.id]! } : n)) });
    case 'setHead':
      return change(s, { head: { ...s.head, ...a.patch } }, `head:${Object.keys(a.patch).join(',')}`);
    case 'undo':
    case 'redo': {
      const present = snapshot(s);
      const r = (a.type === 'undo' ? undo : redo)(withoutNoOps(s.history, present, a.type === 'undo' ? 'past' : 'future'), present);
      return r ? { ...s, ...r.state, history: r.history, lastEditKey: undefined, markSelection: [] } : s;
    }
    case 'markSaved':
      return { ...s, savedVersion: a.version };
  }
}

function applyNodeMoves(s: EditorState, changes: NodeChange<SluiceFlowNode>[]): EditorState {
  const nodes = applyNodeChanges(changes, s.nodes);
  const removes = changes.some((c) => c.type === 'remove' || c.type === 'add');
  if (removes) return change(s, { nodes });
  // Moves are recorded once at drag start (see `dragStart`); selection and sizes are UI only.
  const moved = changes.some((c) => c.type === 'position' && c.position);
  const next = moved ? { ...s, nodes, ...bumped(s), lastEditKey: undefined } : { ...s, nodes };
  return changes.some((c) => c.type === 'position' && c.dragging === false) ? dragEnded(next) : next;
}

/**
 * A drag let go: a node put down within CLICK_SLOP of where it was grabbed goes back there, with
 * the version it had, and the drag leaves no undo step (else the next undo would seem to do nothing).
 */
function dragEnded(s: EditorState): EditorState {
  const from = s.dragFrom;
  if (!from) return s;
  const before = new Map(from.nodes.map((n) => [n.id, n.position]));
  const inPlace = s.nodes.every((n) => {
    const p = before.get(n.id);
    return p && Math.abs(p.x - n.position.x) <= CLICK_SLOP && Math.abs(p.y - n.position.y) <= CLICK_SLOP;
  });
  if (!inPlace || s.nodes.length !== from.nodes.length || s.edges !== from.edges || s.head !== from.head) return { ...s, dragFrom: undefined };
  const past = s.history.past;
  return {
    ...s,
    nodes: s.nodes.map((n) => (before.get(n.id) === n.position ? n : { ...n, position: before.get(n.id)! })),
    version: from.version,
    history: past[past.length - 1] === from ? { ...s.history, past: past.slice(0, -1) } : s.history,
    dragFrom: undefined,
  };
}

/**
 * The history without the steps next in line that would change nothing on screen: a node grabbed
 * and let go where it was, a drag of less than a pixel. Undo then always undoes something.
 */
function withoutNoOps(h: History<Snapshot>, present: Snapshot, side: 'past' | 'future'): History<Snapshot> {
  const list = [...h[side]];
  const next = () => (side === 'past' ? list[list.length - 1] : list[0]);
  for (let n = next(); n && sameDocument(n, present); n = next()) {
    if (side === 'past') list.pop();
    else list.shift();
  }
  return list.length === h[side].length ? h : { ...h, [side]: list };
}

/** Whether two snapshots save as the same document (positions are saved in whole pixels). */
export function sameDocument(a: Snapshot, b: Snapshot): boolean {
  if (a.head !== b.head && JSON.stringify(a.head) !== JSON.stringify(b.head)) return false;
  if (a.edges !== b.edges && (a.edges.length !== b.edges.length || a.edges.some((e, i) => e.id !== b.edges[i]!.id))) return false;
  if (a.nodes === b.nodes) return true;
  return (
    a.nodes.length === b.nodes.length &&
    a.nodes.every((n, i) => {
      const m = b.nodes[i]!;
      return (
        n.id === m.id && n.data === m.data && Math.round(n.position.x) === Math.round(m.position.x) && Math.round(n.position.y) === Math.round(m.position.y)
      );
    })
  );
}

export function isDirty(s: EditorState): boolean {
  return s.version !== s.savedVersion;
}

/**
 * xyflow's changes to sticky notes and groups: selection is UI state; a move (recorded at drag
 * start like a node's) or a resize changes the document's annotations.
 */
function applyMarkChanges(s: EditorState, changes: NodeChange<SluiceFlowNode>[]): EditorState {
  let selection = s.markSelection;
  let annotations = s.head.annotations;
  let resized = false;
  for (const c of changes) {
    if (c.type === 'select') selection = c.selected ? [...selection.filter((id) => id !== c.id), c.id] : selection.filter((id) => id !== c.id);
    else if (c.type === 'position' && c.position) annotations = patchMark(annotations, c.id, { position: c.position });
    else if (c.type === 'dimensions' && c.resizing && c.dimensions) {
      annotations = patchMark(annotations, c.id, { size: c.dimensions });
      resized = true;
    }
  }
  if (annotations === s.head.annotations) return selection === s.markSelection ? s : { ...s, markSelection: selection };
  const head = { ...s.head, annotations };
  // A resize has no drag start: its first step is recorded for undo, the rest of it coalesces.
  if (resized) return { ...change(s, { head }, 'resize-mark'), markSelection: selection };
  return { ...s, head, markSelection: selection, ...bumped(s), lastEditKey: undefined };
}
