import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type NodeTypes,
} from '@xyflow/react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import { categoryStyle } from '../palette/categories.ts';
import { NODE_TYPE_MIME } from '../palette/drag-type.ts';
import { wireProblem } from './connection-problem.ts';
import { ConnectionHint } from './ConnectionHint.tsx';
import { LightDetailContext, MarkActionsContext, type MarkActions } from './canvas-contexts.ts';
import { marksToFlow, parseMarkId, type MarkFlowNode } from './canvas-marks.ts';
import { CanvasSearch } from './CanvasSearch.tsx';
import { ContextMenu } from './ContextMenu.tsx';
import { contextMenuItems, type MenuAction, type MenuTarget } from './context-menu-items.ts';
import { DetailLevelWatch } from './DetailLevelWatch.tsx';
import { OVERLAY_PREFIX, type EditorAction, type EditorState } from './editor-state.ts';
import type { SluiceFlowNode } from './flow-model.ts';
import { GroupNode, NoteNode } from './MarkNodes.tsx';
import { NodeHelp } from './NodeHelp.tsx';
import { LARGE_GRAPH, openingViewport } from './opening-view.ts';
import { SluiceNode } from './SluiceNode.tsx';
import { FIND_EVENT, type CanvasCommands } from './useCanvasCommands.ts';
import { wireOverlays } from './wire-overlays.ts';

// At module scope: xyflow re-mounts every node when this object changes identity.
const nodeTypes: NodeTypes = { sluice: SluiceNode, note: NoteNode, group: GroupNode };
const defaultEdgeOptions = { type: 'smoothstep' };
type CanvasNode = SluiceFlowNode | MarkFlowNode;
const HINT_MS = 6000;

interface Props {
  state: EditorState;
  dispatch: Dispatch<EditorAction>;
  commands: CanvasCommands;
  typeOf(type: string): NodeTypeInfo | undefined;
  /** Files dropped on the canvas: on a node, for that node (an upload); elsewhere, an import. */
  onDropFiles(files: File[], nodeId: string | null): void;
  readOnly?: boolean;
}

export function Canvas({ state, dispatch, commands, typeOf, onDropFiles, readOnly = false }: Props) {
  const [hint, setHint] = useState<string | null>(null);
  const lastProblem = useRef<string | null>(null);
  const hintTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // Props that xyflow keeps in its store are kept stable: each one that changes identity costs a store
  // update, which runs every drawn node's and wire's selector, on each frame of a drag. The wire check
  // reads the nodes and wires of the moment, not those of the render that made it.
  const wiring = useRef({ nodes: state.nodes, edges: state.edges });
  wiring.current = { nodes: state.nodes, edges: state.edges };
  const byIdOf = useRef({ nodes: [] as SluiceFlowNode[], byId: new Map<string, SluiceFlowNode>() });
  const isValidConnection = useCallback(
    (c: Connection | Edge) => {
      const { nodes, edges } = wiring.current;
      if (byIdOf.current.nodes !== nodes) byIdOf.current = { nodes, byId: new Map(nodes.map((n) => [n.id, n])) };
      const why = wireProblem(c, byIdOf.current.byId, edges, typeOf);
      if (why !== lastProblem.current) {
        lastProblem.current = why;
        setHint(why);
      }
      return why === null;
    },
    [typeOf],
  );
  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => dispatch({ type: 'nodesChange', changes: changes as NodeChange<SluiceFlowNode>[] }),
    [dispatch],
  );
  const onEdgesChange = useCallback((changes: EdgeChange[]) => dispatch({ type: 'edgesChange', changes }), [dispatch]);
  const onNodeDragStart = useCallback(() => dispatch({ type: 'dragStart' }), [dispatch]);
  const onConnect = useCallback((connection: Connection) => dispatch({ type: 'connect', connection }), [dispatch]);

  const onConnectStart = useCallback(() => {
    clearTimeout(hintTimer.current);
    lastProblem.current = null;
    setHint(null);
  }, []);

  const onConnectEnd = useCallback((_: MouseEvent | TouchEvent, s: FinalConnectionState) => {
    // Dropped on a refused port: keep saying why for a while; otherwise clear the hint.
    const refused = s.isValid === false && lastProblem.current;
    setHint(refused ? lastProblem.current : null);
    if (refused) hintTimer.current = setTimeout(() => setHint(null), HINT_MS);
  }, []);

  const onDrop = useCallback(
    (e: React.DragEvent) => {
      e.preventDefault();
      const type = e.dataTransfer.getData(NODE_TYPE_MIME);
      if (type) return commands.addNode(type, { x: e.clientX, y: e.clientY });
      const files = Array.from(e.dataTransfer.files);
      const nodeId = (e.target as HTMLElement).closest('.react-flow__node')?.getAttribute('data-id') ?? null;
      if (files.length) onDropFiles(files, nodeId);
    },
    [commands, onDropFiles],
  );

  // Zoomed out below level-of-detail.ts's threshold: nodes drawn as light boxes, fewer wire copies, no dotted grid.
  const [light, setLight] = useState(false);

  // Wires coloured by what they carry (files or table rows), read from the source port's kind. Keyed
  // on node ids, types and disabled marks, not positions: a drag must not rebuild every edge on every frame.
  // Each wire is drawn beneath the nodes (it takes clicks, and leaves the ports free to grab), and
  // again above them (wire-overlays.ts).
  const nodeTypesKey = state.nodes.map((n) => `${n.id}\u0000${n.data.type}\u0000${n.data.disabled ? 1 : ''}`).join('\u0001');
  const edges = useMemo(() => {
    const byNode = new Map(
      nodeTypesKey
        .split('\u0001')
        .map((p) => p.split('\u0000') as [string, string, string])
        .map(([id, type, off]) => [id, { type, off }]),
    );
    const wires = state.edges.map((e) => {
      const kind = typeOf(byNode.get(e.source)?.type ?? '')?.outputs[e.sourceHandle ?? '']?.kind;
      const off = byNode.get(e.source)?.off || byNode.get(e.target)?.off ? ' wire-off' : '';
      return kind || off ? { ...e, className: `${kind ? `kind-${kind}` : ''}${off}` } : e;
    });
    return [...wires, ...wireOverlays(wires, light)];
  }, [state.edges, nodeTypesKey, typeOf, light]);

  const selectedMarks = useMemo(() => new Set(state.markSelection), [state.markSelection]);
  const marks = useMemo(() => marksToFlow(state.head.annotations, selectedMarks), [state.head.annotations, selectedMarks]);
  const flowNodes = useMemo<CanvasNode[]>(() => (marks.length ? [...marks, ...state.nodes] : state.nodes), [marks, state.nodes]);
  const markActions = useMemo<MarkActions>(
    () => ({
      edit: (id, patch) => dispatch({ type: 'editMark', id, ...patch }),
      grab: (id) => commands.grabGroup(id),
      resizeStart: () => dispatch({ type: 'dragStart' }),
      readOnly,
    }),
    [commands, dispatch, readOnly],
  );

  const [searching, setSearching] = useState(false);
  useEffect(() => {
    const open = () => setSearching(true);
    window.addEventListener(FIND_EVENT, open);
    return () => window.removeEventListener(FIND_EVENT, open);
  }, []);
  const titleOf = useCallback((t: string) => typeOf(t)?.title, [typeOf]);

  const [menu, setMenu] = useState<{ at: { x: number; y: number }; target: MenuTarget } | null>(null);
  // The node whose type's help is open: focus goes back to it when the help closes.
  const [help, setHelp] = useState<{ type: string; node: string } | null>(null);
  const closeHelp = useCallback(() => {
    const node = help?.node;
    setHelp(null);
    if (node) document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(node)}"]`)?.focus();
  }, [help]);
  const closeMenu = useCallback(() => setMenu(null), []);
  const openMenu = useCallback(
    (at: { x: number; y: number }, target: MenuTarget) => {
      // A target outside the selection becomes the selection, as in every desktop editor.
      if (target.kind === 'node' && !state.nodes.find((n) => n.id === target.id)?.selected) dispatch({ type: 'select', ids: [target.id] });
      if ((target.kind === 'note' || target.kind === 'group') && !state.markSelection.includes(target.id)) dispatch({ type: 'select', ids: [target.id] });
      if (target.kind === 'edge') {
        dispatch({ type: 'select', ids: [] });
        dispatch({ type: 'edgesChange', changes: [{ type: 'select', id: target.id, selected: true }] });
      }
      setMenu({ at, target });
    },
    [dispatch, state.markSelection, state.nodes],
  );
  const menuItems = useMemo(() => {
    if (!menu) return [];
    const picked = menu.target.kind === 'node' ? state.nodes.filter((n) => n.selected || n.id === (menu.target as { id: string }).id) : [];
    return contextMenuItems(menu.target, { nodes: picked.length, allDisabled: picked.length > 0 && picked.every((n) => n.data.disabled), readOnly });
  }, [menu, readOnly, state.nodes]);
  const onPick = useCallback(
    (action: MenuAction) => {
      const target = menu?.target;
      const run: Record<MenuAction, () => unknown> = {
        delete: commands.deleteSelected,
        duplicate: commands.duplicate,
        toggleDisabled: commands.toggleDisabled,
        copy: commands.copy,
        cut: commands.cut,
        paste: commands.paste,
        addNote: () => commands.addNote(menu?.at),
        groupSelection: commands.groupSelection,
        help: () => {
          if (target?.kind !== 'node') return;
          const type = state.nodes.find((n) => n.id === target.id)?.data.type;
          if (type) setHelp({ type, node: target.id });
        },
        search: () => setSearching(true),
        selectAll: commands.selectAll,
        layout: commands.layout,
      };
      run[action]();
    },
    [commands, menu, state.nodes],
  );

  /** The keyboard's menu key or Shift+F10: the menu of the focused (or selected) node, else of the canvas. */
  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      if (!(e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey))) return;
      e.preventDefault();
      const focused = (document.activeElement as HTMLElement | null)?.closest?.('.react-flow__node');
      const id = focused?.getAttribute('data-id') ?? state.nodes.find((n) => n.selected)?.id ?? state.markSelection[0];
      const el = id ? document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`) : null;
      const box = (el ?? document.querySelector('.react-flow'))?.getBoundingClientRect();
      const at = box ? { x: box.left + Math.min(box.width / 2, 120), y: box.top + Math.min(box.height / 2, 60) } : { x: 200, y: 200 };
      const mark = id ? parseMarkId(id) : null;
      openMenu(at, id ? (mark ? { kind: mark.kind, id } : { kind: 'node', id }) : { kind: 'pane' });
    },
    [openMenu, state.markSelection, state.nodes],
  );

  const minimapColor = useCallback(
    (n: CanvasNode) => (n.type === 'sluice' ? categoryStyle(typeOf((n as SluiceFlowNode).data.type)?.category ?? '').color : 'transparent'),
    [typeOf],
  );

  return (
    <div
      className="canvas"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
      }}
      onDrop={onDrop}
      onKeyDown={onKeyDown}
    >
      <MarkActionsContext.Provider value={markActions}>
        <LightDetailContext.Provider value={light}>
          <ReactFlow<CanvasNode>
            nodes={flowNodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onNodeContextMenu={(e, n) => {
              e.preventDefault();
              const mark = parseMarkId(n.id);
              openMenu({ x: e.clientX, y: e.clientY }, mark ? { kind: mark.kind, id: n.id } : { kind: 'node', id: n.id });
            }}
            onEdgeContextMenu={(e, edge) => {
              e.preventDefault();
              if (!edge.id.startsWith(OVERLAY_PREFIX)) openMenu({ x: e.clientX, y: e.clientY }, { kind: 'edge', id: edge.id });
            }}
            onPaneContextMenu={(e) => {
              e.preventDefault();
              openMenu({ x: e.clientX, y: e.clientY }, { kind: 'pane' });
            }}
            elevateNodesOnSelect={false}
            onEdgesChange={onEdgesChange}
            onNodeDragStart={onNodeDragStart}
            onConnect={onConnect}
            onConnectStart={onConnectStart}
            onConnectEnd={onConnectEnd}
            isValidConnection={isValidConnection}
            deleteKeyCode={null}
            onInit={(flow) => {
              // Once, when a graph opens; not on later additions, which would move the view under the user's pointer.
              const view = openingViewport(state.nodes.map((n) => n.position));
              if (view) void flow.setViewport(view);
              else if (state.nodes.length) void flow.fitView({ padding: 0.2, maxZoom: 1 });
            }}
            defaultViewport={{ x: 40, y: 40, zoom: 1 }}
            minZoom={0.05}
            onlyRenderVisibleElements={state.nodes.length > LARGE_GRAPH}
            defaultEdgeOptions={defaultEdgeOptions}
            attributionPosition="top-right"
          >
            {/* Zoomed out, the dots would be under a pixel apart: millions of them painted on each frame. */}
            {!light && <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} />}
            <DetailLevelWatch onChange={setLight} />
            <MiniMap<CanvasNode> pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </LightDetailContext.Provider>
      </MarkActionsContext.Provider>
      <ConnectionHint message={hint} />
      {searching && <CanvasSearch nodes={state.nodes} titleOf={titleOf} onReveal={commands.reveal} onClose={() => setSearching(false)} />}
      {menu && <ContextMenu at={menu.at} items={menuItems} onPick={onPick} onClose={closeMenu} />}
      {help && <NodeHelp info={typeOf(help.type)} type={help.type} onClose={closeHelp} />}
      {state.nodes.length === 0 && (
        <div className="canvas-empty">
          <strong>This graph is empty</strong>
          <span>Drag a node from the palette on the left, or double-click one, to start a pipeline.</span>
          <span>You can also drop an exported graph (.json) here to import it, or data files on a source node to upload them.</span>
        </div>
      )}
    </div>
  );
}
