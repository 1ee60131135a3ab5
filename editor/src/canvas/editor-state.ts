import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { GraphDocument } from '@sluice/sdk/graph';
import type { ClipboardPayload } from './clipboard.ts';
import { pasteNodes } from './clipboard.ts';
import { docToFlow, type DocumentHead, type SluiceFlowEdge, type SluiceFlowNode, type SluiceNodeData } from './flow-model.ts';
import { emptyHistory, record, redo, undo, type History } from './history.ts';
import { newNodeId } from './node-ids.ts';

/** What undo restores: the drawn graph and its head, nothing of the UI around it. */
export interface Snapshot {
  nodes: SluiceFlowNode[];
  edges: SluiceFlowEdge[];
  head: DocumentHead;
}

export interface EditorState extends Snapshot {
  history: History<Snapshot>;
  /** Bumped on every change of the document; `savedVersion` is its value at the last save. */
  version: number;
  savedVersion: number;
  /** Field edits in a row on the same field make one undo step, not one per keystroke. */
  lastEditKey?: string;
}

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
  | { type: 'layout'; positions: Record<string, { x: number; y: number }> }
  | { type: 'setHead'; patch: Partial<DocumentHead> }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'markSaved'; version: number };

export function initialEditorState(doc: GraphDocument): EditorState {
  const { nodes, edges } = docToFlow(doc);
  return { nodes, edges, head: { name: doc.name, description: doc.description, settings: doc.settings }, history: emptyHistory(), version: 0, savedVersion: 0 };
}

function snapshot(s: EditorState): Snapshot {
  return { nodes: s.nodes, edges: s.edges, head: s.head };
}

/** A change of the document: remember the state before it for undo and mark the graph unsaved. */
function change(s: EditorState, next: Partial<Snapshot>, editKey?: string): EditorState {
  const coalesce = editKey !== undefined && editKey === s.lastEditKey;
  return {
    ...s,
    ...next,
    history: coalesce ? s.history : record(s.history, snapshot(s)),
    version: s.version + 1,
    lastEditKey: editKey,
  };
}

const deselect = <T extends { selected?: boolean }>(items: T[]) => items.map((i) => (i.selected ? { ...i, selected: false } : i));

export function editorReducer(s: EditorState, a: EditorAction): EditorState {
  switch (a.type) {
    case 'load':
      return initialEditorState(a.doc);
    case 'nodesChange': {
      const nodes = applyNodeChanges(a.changes, s.nodes);
      const removes = a.changes.some((c) => c.type === 'remove' || c.type === 'add');
      if (removes) return change(s, { nodes });
      // Moves are recorded once at drag start (see `dragStart`); selection and sizes are UI only.
      const moved = a.changes.some((c) => c.type === 'position' && c.position);
      return { ...s, nodes, version: moved ? s.version + 1 : s.version, lastEditKey: moved ? undefined : s.lastEditKey };
    }
    case 'edgesChange': {
      const edges = applyEdgeChanges(a.changes, s.edges);
      return a.changes.some((c) => c.type === 'remove' || c.type === 'add') ? change(s, { edges }) : { ...s, edges };
    }
    case 'dragStart':
      return { ...s, history: record(s.history, snapshot(s)), lastEditKey: undefined };
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
      if (!gone.size && edges.length === s.edges.length) return s;
      return change(s, { nodes: s.nodes.filter((n) => !gone.has(n.id)), edges });
    }
    case 'paste': {
      const pasted = pasteNodes(a.payload, new Set(s.nodes.map((n) => n.id)), a.offset);
      return change(s, { nodes: [...deselect(s.nodes), ...pasted.nodes], edges: [...deselect(s.edges), ...pasted.edges] });
    }
    case 'selectAll':
      return { ...s, nodes: s.nodes.map((n) => ({ ...n, selected: true })) };
    case 'layout':
      return change(s, { nodes: s.nodes.map((n) => (a.positions[n.id] ? { ...n, position: a.positions[n.id]! } : n)) });
    case 'setHead':
      return change(s, { head: { ...s.head, ...a.patch } }, `head:${Object.keys(a.patch).join(',')}`);
    case 'undo':
    case 'redo': {
      const r = (a.type === 'undo' ? undo : redo)(s.history, snapshot(s));
      return r ? { ...s, ...r.state, history: r.history, version: s.version + 1, lastEditKey: undefined } : s;
    }
    case 'markSaved':
      return { ...s, savedVersion: a.version };
  }
}

export function isDirty(s: EditorState): boolean {
  return s.version !== s.savedVersion;
}
