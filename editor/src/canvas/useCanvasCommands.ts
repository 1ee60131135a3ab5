import { useCallback, useMemo, useRef, type Dispatch } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import { copySelection, type ClipboardPayload } from './clipboard.ts';
import { clipboardText, readClipboardText } from './clipboard-text.ts';
import type { EditorAction, EditorState } from './editor-state.ts';
import { freeSpot, type Box } from './free-spot.ts';
import { layeredLayout } from './layered-layout.ts';

const NODE_W = 230;
const NODE_H = 110;
/** Asks the canvas to open its search box (the canvas owns it; the keyboard and menus ask). */
export const FIND_EVENT = 'sluice:find';

const sizeOf = (n: EditorState['nodes'][number]) => ({ width: n.measured?.width ?? NODE_W, height: n.measured?.height ?? NODE_H });
const boxesOf = (s: EditorState): Box[] => s.nodes.map((n) => ({ ...n.position, ...sizeOf(n) }));

/**
 * The editing commands shared by the toolbar, the keyboard, the context menu and the palette.
 * `report` tells the user why something could not be done (a refused paste).
 */
export function useCanvasCommands(
  state: EditorState,
  dispatch: Dispatch<EditorAction>,
  typeOf: (t: string) => NodeTypeInfo | undefined,
  report: (message: string) => void = () => {},
) {
  const flow = useReactFlow();
  const clipboard = useRef<ClipboardPayload | null>(null);
  const pastes = useRef(0);
  const latest = useRef(state);
  latest.current = state;
  const reportRef = useRef(report);
  reportRef.current = report;

  const viewCenter = useCallback(() => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    return pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: 400, y: 300 };
  }, []);

  /** Adds a node of `type`: at a screen point (a drop), else in the middle of the view; never on another node. */
  const addNode = useCallback(
    (type: string, at?: { x: number; y: number }) => {
      const info = typeOf(type);
      if (!info) return;
      const p = flow.screenToFlowPosition(at ?? viewCenter());
      // The pointer holds the node by its header, not its top-left corner.
      const want = { x: Math.round(p.x - NODE_W / 2), y: Math.round(p.y - 18) };
      const position = freeSpot(want, { width: NODE_W, height: NODE_H }, boxesOf(latest.current));
      dispatch({ type: 'add', nodeType: type, typeVersion: info.version, config: info.defaults ?? {}, position });
    },
    [dispatch, flow, typeOf, viewCenter],
  );

  /** Keeps the selection for a paste; returns it as the text the system clipboard gets (a graph file). */
  const copyText = useCallback((): string | null => {
    const p = copySelection(latest.current.nodes, latest.current.edges);
    if (!p) return null;
    clipboard.current = p;
    pastes.current = 0;
    return clipboardText(p, `Copied from ${latest.current.head.name}`);
  }, []);

  /** Pastes a payload a little below and right of where it was copied, on free canvas. */
  const pastePayload = useCallback(
    (payload: ClipboardPayload, step: number) => {
      const xs = payload.nodes.map((n) => n.position.x);
      const ys = payload.nodes.map((n) => n.position.y);
      const box = {
        x: Math.min(...xs),
        y: Math.min(...ys),
        width: Math.max(...xs) - Math.min(...xs) + NODE_W,
        height: Math.max(...ys) - Math.min(...ys) + NODE_H,
      };
      const spot = freeSpot({ x: box.x + 40 * step, y: box.y + 40 * step }, box, boxesOf(latest.current));
      dispatch({ type: 'paste', payload, offset: { x: spot.x - box.x, y: spot.y - box.y } });
    },
    [dispatch],
  );

  /** Pastes text from the system clipboard: hostile until checked (size, JSON, the graph schema). */
  const pasteText = useCallback(
    (text: string) => {
      const r = readClipboardText(text);
      if (!r.ok) return reportRef.current(`Nothing was pasted. ${r.message}`);
      const same = clipboard.current && clipboardText(clipboard.current) === clipboardText(r.payload);
      pastes.current = same ? pastes.current + 1 : 1;
      pastePayload(r.payload, pastes.current);
    },
    [pastePayload],
  );

  // The menus' copy and paste go through the system clipboard too (the keyboard's go through the
  // copy and paste events, see useSystemClipboard); without its permission, the editor's own copy serves.
  const copy = useCallback(() => {
    const text = copyText();
    if (text) void navigator.clipboard?.writeText(text).catch(() => {});
    return !!text;
  }, [copyText]);

  const paste = useCallback(() => {
    const own = () => {
      if (!clipboard.current) return;
      pastes.current += 1;
      pastePayload(clipboard.current, pastes.current);
    };
    if (!navigator.clipboard?.readText) return own();
    navigator.clipboard.readText().then((text) => (text.trim() ? pasteText(text) : own()), own);
  }, [pastePayload, pasteText]);

  const cut = useCallback(() => {
    if (copy()) dispatch({ type: 'deleteSelected' });
  }, [copy, dispatch]);

  const duplicate = useCallback(() => {
    const p = copySelection(latest.current.nodes, latest.current.edges);
    if (p) pastePayload(p, 1);
  }, [pastePayload]);

  const fit = useCallback(() => void flow.fitView({ padding: 0.2, duration: 200 }), [flow]);

  const layout = useCallback(() => {
    const s = latest.current;
    const positions = layeredLayout(
      s.nodes.map((n) => ({ id: n.id, ...sizeOf(n), y: n.position.y })),
      s.edges,
    );
    dispatch({ type: 'layout', positions });
    requestAnimationFrame(() => void flow.fitView({ padding: 0.2, duration: 200 }));
  }, [dispatch, flow]);

  const sizes = useCallback(() => Object.fromEntries(latest.current.nodes.map((n) => [n.id, sizeOf(n)])), []);
  const groupSelection = useCallback(() => dispatch({ type: 'groupSelection', sizes: sizes() }), [dispatch, sizes]);
  const grabGroup = useCallback((id: string) => dispatch({ type: 'grabGroup', id, sizes: sizes() }), [dispatch, sizes]);
  /** A sticky note at a screen point, else in the middle of the view. */
  const addNote = useCallback(
    (at?: { x: number; y: number }) => {
      const p = flow.screenToFlowPosition(at ?? viewCenter());
      dispatch({ type: 'addNote', position: freeSpot({ x: p.x, y: p.y }, { width: 220, height: 120 }, boxesOf(latest.current)) });
    },
    [dispatch, flow, viewCenter],
  );
  /** Selects a node and brings it to the middle of the view (a search result). */
  const reveal = useCallback(
    (id: string) => {
      const n = latest.current.nodes.find((x) => x.id === id);
      if (!n) return;
      dispatch({ type: 'select', ids: [id] });
      const { width, height } = sizeOf(n);
      void flow.setCenter(n.position.x + width / 2, n.position.y + height / 2, { zoom: Math.max(flow.getZoom(), 0.8), duration: 200 });
    },
    [dispatch, flow],
  );

  const find = useCallback(() => window.dispatchEvent(new Event(FIND_EVENT)), []);
  const toggleDisabled = useCallback(() => dispatch({ type: 'toggleDisabled' }), [dispatch]);
  const deleteSelected = useCallback(() => dispatch({ type: 'deleteSelected' }), [dispatch]);
  const undo = useCallback(() => dispatch({ type: 'undo' }), [dispatch]);
  const redo = useCallback(() => dispatch({ type: 'redo' }), [dispatch]);
  const selectAll = useCallback(() => dispatch({ type: 'selectAll' }), [dispatch]);
  // One stable object: the keyboard listener and the toolbar are not re-bound on every render.
  return useMemo(
    () => ({
      addNode,
      copy,
      copyText,
      cut,
      paste,
      pasteText,
      duplicate,
      fit,
      layout,
      deleteSelected,
      undo,
      redo,
      selectAll,
      toggleDisabled,
      find,
      addNote,
      groupSelection,
      grabGroup,
      reveal,
    }),
    [
      addNode,
      copy,
      copyText,
      cut,
      paste,
      pasteText,
      duplicate,
      fit,
      layout,
      deleteSelected,
      undo,
      redo,
      selectAll,
      toggleDisabled,
      find,
      addNote,
      groupSelection,
      grabGroup,
      reveal,
    ],
  );
}

export type CanvasCommands = ReturnType<typeof useCanvasCommands>;
