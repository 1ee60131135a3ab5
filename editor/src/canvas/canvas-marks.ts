import type { Node } from '@xyflow/react';
import { ANNOTATION_LIMITS, type CanvasAnnotations, type NodeGroup, type StickyNote } from '@sluice/sdk/graph';
import type { Box } from './free-spot.ts';

/**
 * Sticky notes and groups ("marks") on the canvas. They live in the document's `annotations`, and
 * are drawn as xyflow nodes whose ids ("note:x", "group:x") can never be a pipeline node's id (ids
 * hold no ":"), so one xyflow layer holds both without a clash.
 */
export type MarkData = ({ kind: 'note' } & Omit<StickyNote, 'position'>) | ({ kind: 'group' } & Omit<NodeGroup, 'position'>);
export type MarkFlowNode = Node<MarkData & Record<string, unknown>, 'note' | 'group'>;
export type MarkKind = MarkData['kind'];

export const NOTE_SIZE = { width: 220, height: 120 };
const GROUP_PAD = 30;

export const markFlowId = (kind: MarkKind, id: string) => `${kind}:${id}`;
export function parseMarkId(flowId: string): { kind: MarkKind; id: string } | null {
  const m = /^(note|group):(.+)$/.exec(flowId);
  return m ? { kind: m[1] as MarkKind, id: m[2]! } : null;
}

/** The marks as xyflow nodes: groups first and beneath every node, notes above them. */
export function marksToFlow(a: CanvasAnnotations | undefined, selected: ReadonlySet<string>): MarkFlowNode[] {
  const groups = Object.entries(a?.groups ?? {}).map(([id, g]): MarkFlowNode => {
    const flowId = markFlowId('group', id);
    return {
      id: flowId,
      type: 'group',
      position: g.position,
      width: g.size.width,
      height: g.size.height,
      zIndex: -1,
      selected: selected.has(flowId),
      data: { kind: 'group', label: g.label, size: g.size, ...(g.color ? { color: g.color } : {}) },
    };
  });
  const notes = Object.entries(a?.notes ?? {}).map(([id, n]): MarkFlowNode => {
    const flowId = markFlowId('note', id);
    const size = n.size ?? NOTE_SIZE;
    return {
      id: flowId,
      type: 'note',
      position: n.position,
      width: size.width,
      height: size.height,
      selected: selected.has(flowId),
      data: { kind: 'note', text: n.text, ...(n.size ? { size: n.size } : {}), ...(n.color ? { color: n.color } : {}) },
    };
  });
  return [...groups, ...notes];
}

type Patch = { position?: { x: number; y: number }; size?: { width: number; height: number }; text?: string; label?: string };

/** One mark changed; text cut to the document's limits, so what is typed always saves. */
export function patchMark(a: CanvasAnnotations | undefined, flowId: string, p: Patch): CanvasAnnotations | undefined {
  const ref = parseMarkId(flowId);
  if (!ref) return a;
  const round = (v: { x: number; y: number }) => ({ x: Math.round(v.x), y: Math.round(v.y) });
  if (ref.kind === 'note') {
    const n = a?.notes?.[ref.id];
    if (!n) return a;
    const next: StickyNote = {
      ...n,
      ...(p.position ? { position: round(p.position) } : {}),
      ...(p.size ? { size: { width: Math.round(p.size.width), height: Math.round(p.size.height) } } : {}),
      ...(p.text !== undefined ? { text: p.text.slice(0, ANNOTATION_LIMITS.noteText) } : {}),
    };
    return { ...a, notes: { ...a!.notes, [ref.id]: next } };
  }
  const g = a?.groups?.[ref.id];
  if (!g) return a;
  const next: NodeGroup = {
    ...g,
    ...(p.position ? { position: round(p.position) } : {}),
    ...(p.size ? { size: { width: Math.round(p.size.width), height: Math.round(p.size.height) } } : {}),
    ...(p.label !== undefined ? { label: p.label.slice(0, ANNOTATION_LIMITS.groupLabel) } : {}),
  };
  return { ...a, groups: { ...a!.groups, [ref.id]: next } };
}

export function removeMarks(a: CanvasAnnotations | undefined, flowIds: Iterable<string>): CanvasAnnotations | undefined {
  if (!a) return a;
  const notes = { ...a.notes };
  const groups = { ...a.groups };
  for (const f of flowIds) {
    const ref = parseMarkId(f);
    if (ref?.kind === 'note') delete notes[ref.id];
    if (ref?.kind === 'group') delete groups[ref.id];
  }
  return tidy({ notes, groups });
}

function tidy(a: CanvasAnnotations): CanvasAnnotations | undefined {
  const out: CanvasAnnotations = {};
  if (a.notes && Object.keys(a.notes).length) out.notes = a.notes;
  if (a.groups && Object.keys(a.groups).length) out.groups = a.groups;
  return out.notes || out.groups ? out : undefined;
}

function freshId(prefix: string, taken: object | undefined): string {
  for (let i = 1; ; i++) if (!taken || !Object.hasOwn(taken, `${prefix}-${i}`)) return `${prefix}-${i}`;
}

/** A new empty note at `at`, or null when the graph already holds as many as it may. */
export function addNote(a: CanvasAnnotations | undefined, at: { x: number; y: number }): { annotations: CanvasAnnotations; flowId: string } | null {
  if (Object.keys(a?.notes ?? {}).length >= ANNOTATION_LIMITS.notes) return null;
  const id = freshId('note', a?.notes);
  return {
    annotations: { ...a, notes: { ...a?.notes, [id]: { text: '', position: { x: Math.round(at.x), y: Math.round(at.y) } } } },
    flowId: markFlowId('note', id),
  };
}

/** A group framing `boxes` with some room around them (and a header for its label). */
export function groupAround(a: CanvasAnnotations | undefined, boxes: Box[], label = 'Group'): { annotations: CanvasAnnotations; flowId: string } | null {
  if (!boxes.length || Object.keys(a?.groups ?? {}).length >= ANNOTATION_LIMITS.groups) return null;
  const x = Math.min(...boxes.map((b) => b.x)) - GROUP_PAD;
  const y = Math.min(...boxes.map((b) => b.y)) - GROUP_PAD - 16;
  const width = Math.min(ANNOTATION_LIMITS.extent, Math.max(...boxes.map((b) => b.x + b.width)) + GROUP_PAD - x);
  const height = Math.min(ANNOTATION_LIMITS.extent, Math.max(...boxes.map((b) => b.y + b.height)) + GROUP_PAD - y);
  const id = freshId('group', a?.groups);
  const group: NodeGroup = { label, position: { x: Math.round(x), y: Math.round(y) }, size: { width: Math.round(width), height: Math.round(height) } };
  return { annotations: { ...a, groups: { ...a?.groups, [id]: group } }, flowId: markFlowId('group', id) };
}

/** The boxes lying wholly inside a group's frame: they move with it. */
export function insideGroup<T extends Box>(g: NodeGroup, boxes: (T & { id: string })[]): string[] {
  const r = { x: g.position.x, y: g.position.y, x2: g.position.x + g.size.width, y2: g.position.y + g.size.height };
  return boxes.filter((b) => b.x >= r.x && b.y >= r.y && b.x + b.width <= r.x2 && b.y + b.height <= r.y2).map((b) => b.id);
}
