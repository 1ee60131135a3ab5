import { useCallback, useMemo, useRef, type Dispatch } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import { copySelection, type ClipboardPayload } from './clipboard.ts';
import type { EditorAction, EditorState } from './editor-state.ts';
import { layeredLayout } from './layered-layout.ts';

const NODE_W = 230;
const NODE_H = 110;

/** The editing commands shared by the toolbar, the keyboard and the palette. */
export function useCanvasCommands(state: EditorState, dispatch: Dispatch<EditorAction>, typeOf: (t: string) => NodeTypeInfo | undefined) {
  const flow = useReactFlow();
  const clipboard = useRef<ClipboardPayload | null>(null);
  const pastes = useRef(0);
  const latest = useRef(state);
  latest.current = state;

  /** Adds a node of `type`: at a screen point (a drop), else in the middle of the view. */
  const addNode = useCallback(
    (type: string, at?: { x: number; y: number }) => {
      const info = typeOf(type);
      if (!info) return;
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      const screen = at ?? (pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: 400, y: 300 });
      const p = flow.screenToFlowPosition(screen);
      // The pointer holds the node by its header, not its top-left corner.
      dispatch({
        type: 'add',
        nodeType: type,
        typeVersion: info.version,
        config: info.defaults ?? {},
        position: { x: Math.round(p.x - NODE_W / 2), y: Math.round(p.y - 18) },
      });
    },
    [dispatch, flow, typeOf],
  );

  const copy = useCallback(() => {
    const p = copySelection(latest.current.nodes, latest.current.edges);
    if (p) {
      clipboard.current = p;
      pastes.current = 0;
    }
    return !!p;
  }, []);

  const paste = useCallback(() => {
    if (!clipboard.current) return;
    pastes.current += 1;
    dispatch({ type: 'paste', payload: clipboard.current, offset: { x: 40 * pastes.current, y: 40 * pastes.current } });
  }, [dispatch]);

  const cut = useCallback(() => {
    if (copy()) dispatch({ type: 'deleteSelected' });
  }, [copy, dispatch]);

  const duplicate = useCallback(() => {
    if (copy()) paste();
  }, [copy, paste]);

  const fit = useCallback(() => void flow.fitView({ padding: 0.2, duration: 200 }), [flow]);

  const layout = useCallback(() => {
    const s = latest.current;
    const positions = layeredLayout(
      s.nodes.map((n) => ({ id: n.id, width: n.measured?.width ?? NODE_W, height: n.measured?.height ?? NODE_H, y: n.position.y })),
      s.edges,
    );
    dispatch({ type: 'layout', positions });
    requestAnimationFrame(() => void flow.fitView({ padding: 0.2, duration: 200 }));
  }, [dispatch, flow]);

  const deleteSelected = useCallback(() => dispatch({ type: 'deleteSelected' }), [dispatch]);
  const undo = useCallback(() => dispatch({ type: 'undo' }), [dispatch]);
  const redo = useCallback(() => dispatch({ type: 'redo' }), [dispatch]);
  const selectAll = useCallback(() => dispatch({ type: 'selectAll' }), [dispatch]);
  // One stable object: the keyboard listener and the toolbar are not re-bound on every render.
  return useMemo(
    () => ({ addNode, copy, cut, paste, duplicate, fit, layout, deleteSelected, undo, redo, selectAll }),
    [addNode, copy, cut, paste, duplicate, fit, layout, deleteSelected, undo, redo, selectAll],
  );
}

export type CanvasCommands = ReturnType<typeof useCanvasCommands>;
