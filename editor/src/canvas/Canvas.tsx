import { useCallback, useMemo, useRef, useState, type Dispatch } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type NodeTypes,
} from '@xyflow/react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import { categoryStyle } from '../palette/categories.ts';
import { NODE_TYPE_MIME } from '../palette/drag-type.ts';
import { wireProblem } from './connection-problem.ts';
import { ConnectionHint } from './ConnectionHint.tsx';
import type { EditorAction, EditorState } from './editor-state.ts';
import type { SluiceFlowNode } from './flow-model.ts';
import { LARGE_GRAPH, openingViewport } from './opening-view.ts';
import { SluiceNode } from './SluiceNode.tsx';
import type { CanvasCommands } from './useCanvasCommands.ts';

// At module scope: xyflow re-mounts every node when this object changes identity.
const nodeTypes: NodeTypes = { sluice: SluiceNode };
const HINT_MS = 6000;

interface Props {
  state: EditorState;
  dispatch: Dispatch<EditorAction>;
  commands: CanvasCommands;
  typeOf(type: string): NodeTypeInfo | undefined;
  /** Files dropped on the canvas: on a node, for that node (an upload); elsewhere, an import. */
  onDropFiles(files: File[], nodeId: string | null): void;
}

export function Canvas({ state, dispatch, commands, typeOf, onDropFiles }: Props) {
  const [hint, setHint] = useState<string | null>(null);
  const lastProblem = useRef<string | null>(null);
  const hintTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const byId = useMemo(() => new Map(state.nodes.map((n) => [n.id, n])), [state.nodes]);

  const isValidConnection = useCallback(
    (c: Connection | Edge) => {
      const why = wireProblem(c, byId, state.edges, typeOf);
      if (why !== lastProblem.current) {
        lastProblem.current = why;
        setHint(why);
      }
      return why === null;
    },
    [byId, state.edges, typeOf],
  );

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

  // Wires coloured by what they carry (files or table rows), read from the source port's kind. Keyed
  // on node ids and types, not positions: a drag must not rebuild every edge on every frame.
  const nodeTypesKey = state.nodes.map((n) => `${n.id}\u0000${n.data.type}`).join('\u0001');
  const edges = useMemo(() => {
    const typeById = new Map(nodeTypesKey.split('\u0001').map((p) => p.split('\u0000') as [string, string]));
    return state.edges.map((e) => {
      const kind = typeOf(typeById.get(e.source) ?? '')?.outputs[e.sourceHandle ?? '']?.kind;
      return kind ? { ...e, className: `kind-${kind}` } : e;
    });
  }, [state.edges, nodeTypesKey, typeOf]);

  const minimapColor = useCallback((n: SluiceFlowNode) => categoryStyle(typeOf(n.data.type)?.category ?? '').color, [typeOf]);

  return (
    <div
      className="canvas"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
      }}
      onDrop={onDrop}
    >
      <ReactFlow<SluiceFlowNode>
        nodes={state.nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={(changes) => dispatch({ type: 'nodesChange', changes })}
        onEdgesChange={(changes) => dispatch({ type: 'edgesChange', changes })}
        onNodeDragStart={() => dispatch({ type: 'dragStart' })}
        onConnect={(connection) => dispatch({ type: 'connect', connection })}
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
        defaultEdgeOptions={{ type: 'smoothstep' }}
        attributionPosition="top-right"
      >
        <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} />
        <MiniMap<SluiceFlowNode> pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} />
        <Controls showInteractive={false} />
      </ReactFlow>
      <ConnectionHint message={hint} />
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
