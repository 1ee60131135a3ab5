import { emptyGraph, serializeGraph, type GraphDocument } from '@sluice/sdk/graph';
import { readImport } from '../graphs/read-import.ts';
import type { ClipboardPayload } from './clipboard.ts';

/** Pasted text longer than this is refused before it is parsed (a graph of 500 nodes is ~200 kB). */
export const MAX_PASTE_CHARS = 1_000_000;
export const MAX_PASTE_NODES = 500;

/**
 * The copied nodes as a graph document, in the bytes of an export: pasted into a text editor it
 * reads like a graph file, and a graph file (or a part of one) copied from a text editor pastes back.
 */
export function clipboardText(payload: ClipboardPayload, name = 'Copied nodes'): string {
  const doc: GraphDocument = { ...emptyGraph(name), nodes: {}, edges: [] };
  for (const n of payload.nodes) {
    const { type, typeVersion, name: label, disabled, config } = n.data;
    doc.nodes[n.id] = {
      type,
      typeVersion,
      ...(label ? { name: label } : {}),
      ...(disabled ? { disabled: true } : {}),
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      config,
    };
  }
  doc.edges = payload.edges.map((e) => ({ from: { node: e.source, port: e.sourceHandle }, to: { node: e.target, port: e.targetHandle } }));
  return serializeGraph(doc);
}

export type PasteRead = { ok: true; payload: ClipboardPayload } | { ok: false; message: string };

/**
 * Text pasted from the system clipboard, which anyone may have put there: refused when too long,
 * not JSON, not a Sluice graph (the import's own check) or too many nodes. The nodes keep their
 * ids here; pasting renames them all (`pasteNodes`), so they never clash with the graph's.
 */
export function readClipboardText(text: string): PasteRead {
  if (text.length > MAX_PASTE_CHARS)
    return { ok: false, message: `The pasted text is too long (over ${MAX_PASTE_CHARS.toLocaleString('en')} characters) to be a graph.` };
  if (!text.trim().startsWith('{'))
    return { ok: false, message: 'The clipboard holds text, not Sluice nodes: copy nodes from a graph, or a graph file, first.' };
  const r = readImport('The pasted text', text);
  if (!r.ok) return r;
  const ids = Object.keys(r.doc.nodes);
  if (ids.length > MAX_PASTE_NODES)
    return { ok: false, message: `The pasted graph has ${ids.length} nodes; at most ${MAX_PASTE_NODES} can be pasted at once.` };
  if (!ids.length) return { ok: false, message: 'The pasted graph has no nodes.' };
  return {
    ok: true,
    payload: {
      nodes: Object.entries(r.doc.nodes).map(([id, n]) => ({
        id,
        position: { x: n.position.x, y: n.position.y },
        data: { type: n.type, typeVersion: n.typeVersion, ...(n.name ? { name: n.name } : {}), ...(n.disabled ? { disabled: true } : {}), config: n.config },
      })),
      edges: r.doc.edges.map((e) => ({ source: e.from.node, sourceHandle: e.from.port, target: e.to.node, targetHandle: e.to.port })),
    },
  };
}
