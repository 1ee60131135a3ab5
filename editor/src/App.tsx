import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { emptyGraph } from '@sluice/sdk/graph';
import { useApi } from './api/ApiContext.ts';
import { canEdit } from './auth/session.ts';
import { useSession } from './auth/SessionContext.ts';
import type { ApiError } from './api/api-error.ts';
import type { NodeStats, RunView } from './api/api-types.ts';
import { isFinished } from './api/normalize-run.ts';
import { useCredentials } from './api/useCredentials.ts';
import { useNodeTypes } from './api/useNodeTypes.ts';
import { Canvas } from './canvas/Canvas.tsx';
import { NodeWires } from './canvas/NodeWires.tsx';
import { CanvasContexts } from './canvas/CanvasContexts.tsx';
import { editorReducer, initialEditorState, isDirty } from './canvas/editor-state.ts';
import { configProblemsOf, withoutNode } from './canvas/node-problems.ts';
import { useCanvasCommands } from './canvas/useCanvasCommands.ts';
import { ShortcutsDialog } from './canvas/ShortcutsDialog.tsx';
import { useEditorShortcuts } from './canvas/useEditorShortcuts.ts';
import { useSystemClipboard } from './canvas/useSystemClipboard.ts';
import { useNodeProblems } from './canvas/useNodeProblems.ts';
import { withFolderProblems } from './folders/folder-fields.ts';
import { useFolderProblems } from './folders/useFolderProblems.ts';
import { ProblemList } from './canvas/ProblemList.tsx';
import { GraphList } from './graphs/GraphList.tsx';
import { ImportChoiceDialog } from './graphs/ImportChoiceDialog.tsx';
import { GraphPanel } from './graphs/GraphPanel.tsx';
import { Notice } from './graphs/Notice.tsx';
import { TopBar } from './graphs/TopBar.tsx';
import { useGraphSession } from './graphs/useGraphSession.ts';
import { Welcome } from './graphs/Welcome.tsx';
import { SidePanel } from './inspector/SidePanel.tsx';
import { useTouchedFields } from './inspector/useTouchedFields.ts';
import { useUploads } from './inspector/useUploads.ts';
import { shownWidths } from './layout/panel-layout.ts';
import { PanelColumn } from './layout/PanelColumn.tsx';
import { usePanelLayout } from './layout/usePanelLayout.ts';
import { Palette } from './palette/Palette.tsx';
import { upstreamSource } from './preview/upstream-source.ts';
import { nodeLabels } from './runs/node-labels.ts';
import { useRunHistory } from './runs/useRunHistory.ts';
import { useFollowLatestRun } from './runs/useFollowLatestRun.ts';
import { useRunMonitor } from './runs/useRunMonitor.ts';

/**
 * The run figures of a graph with no run shown: one object for good, since a new `{}` at each render
 * would change the canvas nodes' context and re-render every node (500 of them in a drag frame).
 */
const NO_STATS: Readonly<Record<string, NodeStats>> = {};

/** The touched fields of the Triggers tab are kept under this name beside those of nodes (by node id). */
const TRIGGERS_FORM = '\u0000triggers';

export function App() {
  const api = useApi();
  const readOnly = !canEdit(useSession().user.role);
  const types = useNodeTypes(api);
  const credentials = useCredentials(api);
  const [state, dispatch] = useReducer(editorReducer, emptyGraph('Untitled graph'), initialEditorState);
  const typeOf = useCallback((t: string) => types.byType.get(t), [types.byType]);
  const session = useGraphSession(api, state, dispatch, typeOf);
  const { setNotice: noticeFor } = session;
  const report = useCallback((text: string) => noticeFor({ kind: 'error', text }), [noticeFor]);
  const commands = useCanvasCommands(state, dispatch, typeOf, report);
  useSystemClipboard(commands, !!session.current && !readOnly);

  const [historyKey, setHistoryKey] = useState(0);
  const [picked, setPicked] = useState<RunView | null>(null);
  const monitor = useRunMonitor(api, () => setHistoryKey((k) => k + 1));
  const history = useRunHistory(api, session.current?.id ?? null, historyKey);
  const shown = picked ?? monitor.live?.run ?? null;
  const running = !!monitor.live && !isFinished(monitor.live.run.status);

  const graphId = session.current?.id ?? null;
  const { clear, follow } = monitor;
  useEffect(() => {
    clear();
    setPicked(null);
  }, [graphId, clear]);
  const followRun = useCallback(
    (runId: string) => {
      setPicked(null);
      follow(runId);
    },
    [follow],
  );
  const followLatest = useFollowLatestRun(api, graphId, monitor.live ? { id: monitor.live.run.id, running } : null, followRun);

  const { touched, touch } = useTouchedFields(graphId);
  const { save: saveSession, setNotice, setServerProblems, setSaveTried } = session;
  const save = useCallback(() => void saveSession(), [saveSession]);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  useEditorShortcuts({ ...commands, save, showShortcuts: () => setShortcutsOpen(true) });

  const run = useCallback(async () => {
    if (!graphId) return;
    setSaveTried(true);
    if (isDirty(state) && !(await saveSession())) return;
    try {
      const { runId } = await api.startRun(graphId);
      setPicked(null);
      setNotice(null);
      monitor.follow(runId);
    } catch (e) {
      const err = e as ApiError;
      setServerProblems(err.problems ?? []);
      setNotice({ kind: 'error', text: `The run was refused: ${err.message}` });
    }
  }, [api, graphId, monitor, saveSession, setNotice, setSaveTried, setServerProblems, state]);

  const cancel = useCallback(async () => {
    if (!monitor.live) return;
    await api.cancelRun(monitor.live.run.id).catch((e: Error) => setNotice({ kind: 'error', text: `Not cancelled: ${e.message}` }));
  }, [api, monitor.live, setNotice]);

  const uploads = useUploads(api);
  /** Files dropped on a source node go to its landing place; anything else dropped is an import. */
  const dropFiles = useCallback(
    async (files: File[], nodeId: string | null) => {
      const node = nodeId ? state.nodes.find((n) => n.id === nodeId) : undefined;
      if (!node || typeOf(node.data.type)?.category !== 'source') return void (files[0] && session.importFile(files[0]));
      if (uploads.available === false)
        return setNotice({ kind: 'error', text: `This runtime has no upload endpoint yet: files cannot be dropped on ${node.id}.` });
      if (!graphId || isDirty(state))
        return setNotice({ kind: 'error', text: 'Save the graph first: files go to the landing place of the saved source node.' });
      setNotice({ kind: 'info', text: `Uploading ${files.length} file(s) to ${node.id}…` });
      const r = await uploads.send(graphId, node.id, files);
      setNotice(
        r.failed.length
          ? { kind: 'error', text: `${r.failed.length} of ${files.length} uploads to ${node.id} failed: ${r.failed.join('; ')}` }
          : { kind: 'ok', text: `Uploaded ${r.done} file(s) to ${node.id}. Run the graph to process them.` },
      );
    },
    [graphId, session, setNotice, state, typeOf, uploads],
  );

  const ownProblems = useNodeProblems(state, typeOf, session.serverProblems);
  const folderProblems = useFolderProblems(api, state.nodes, typeOf, graphId);
  const problems = useMemo(() => withFolderProblems(ownProblems, folderProblems), [ownProblems, folderProblems]);
  const selected = state.nodes.filter((n) => n.selected);
  const one = selected.length === 1 ? selected[0]! : null;
  const serverErrors = useMemo(() => (one ? configProblemsOf(one.id, session.serverProblems) : {}), [one, session.serverProblems]);
  // Figures are listed as the canvas reads: left to right, then top to bottom.
  const runErrors = useMemo(() => {
    const out: Record<string, string[]> = {};
    for (const e of shown?.errors ?? []) if (e.node) (out[e.node] ??= []).push(e.message);
    return out;
  }, [shown?.errors]);
  const panels = usePanelLayout();
  const widths = shownWidths(panels.layout, panels.viewport);
  // Keyed on ids, names and types, not positions: a drag must not rebuild every table.
  const labelsKey = JSON.stringify(state.nodes.map((n) => [n.id, n.data.name ?? '', n.data.type]));
  const labels = useMemo(() => {
    const nodes = (JSON.parse(labelsKey) as [string, string, string][]).map(([id, name, type]) => ({ id, name, type }));
    return nodeLabels(nodes, (t) => typeOf(t)?.title);
  }, [labelsKey, typeOf]);
  const order = useMemo(() => [...state.nodes].sort((a, b) => a.position.x - b.position.x || a.position.y - b.position.y).map((n) => n.id), [state.nodes]);

  return (
    <CanvasContexts types={types.byType} stats={shown?.nodes ?? NO_STATS} runErrors={runErrors} problems={problems} labels={labels}>
      <div className="app" style={{ '--side-w': `${widths.side}px`, '--panel-w': `${widths.panel}px` } as React.CSSProperties}>
        <TopBar
          name={session.current ? state.head.name : null}
          dirty={isDirty(state)}
          canUndo={state.history.past.length > 0}
          canRedo={state.history.future.length > 0}
          running={running}
          readOnly={readOnly}
          runStatus={shown?.status}
          commands={commands}
          onRename={(name) => dispatch({ type: 'setHead', patch: { name } })}
          onSave={save}
          onExport={session.exportGraph}
          onImport={(f) => void session.importFile(f)}
          onRun={() => void run()}
          onCancel={() => void cancel()}
          onShortcuts={() => setShortcutsOpen(true)}
        />
        <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
        <Notice notice={session.notice} onClose={() => setNotice(null)} />
        <ImportChoiceDialog choice={session.importChoice} onChoose={(mode) => void session.chooseImport(mode)} />
        <PanelColumn name="side" label="graphs and node palette" className="sidebar" controls={panels}>
          <GraphList
            readOnly={readOnly}
            graphs={session.graphs}
            currentId={graphId}
            error={session.listError}
            onOpen={(id) => void session.open(id)}
            onCreate={() => void session.create()}
            onDelete={(g) => void session.remove(g)}
          />
          <Palette types={types.list} error={types.error} onAdd={(t) => commands.addNode(t)} />
        </PanelColumn>
        <main className="main">
          {session.current ? (
            <Canvas
              key={session.current.id}
              state={state}
              dispatch={dispatch}
              commands={commands}
              typeOf={typeOf}
              onDropFiles={(f, n) => void dropFiles(f, n)}
              readOnly={readOnly}
            />
          ) : (
            <Welcome loading={session.loading} onCreate={() => void session.create()} />
          )}
          {session.current && (
            <ProblemList
              problems={problems}
              labelOf={(id) => labels.get(id) ?? id}
              onSelect={(id) =>
                dispatch({ type: 'nodesChange', changes: state.nodes.map((n) => ({ type: 'select' as const, id: n.id, selected: n.id === id })) })
              }
            />
          )}
        </main>
        <PanelColumn name="panel" label="node and graph details" className="panel" controls={panels}>
          {session.current && one && (
            <SidePanel
              node={one}
              info={typeOf(one.data.type)}
              credentials={credentials.names}
              serverErrors={serverErrors}
              touched={touched.get(one.id)}
              saveTried={session.saveTried}
              graphId={graphId}
              saved={!isDirty(state)}
              uploads={uploads}
              wires={
                <NodeWires
                  node={one}
                  nodes={state.nodes}
                  edges={state.edges}
                  typeOf={typeOf}
                  onConnect={(connection) => dispatch({ type: 'connect', connection })}
                  onRemove={(id) => dispatch({ type: 'edgesChange', changes: [{ type: 'remove', id }] })}
                />
              }
              layout={panels}
              sourceId={upstreamSource(one.id, state.edges, (id) => typeOf(state.nodes.find((n) => n.id === id)?.data.type ?? '')?.category === 'source')}
              onConfig={(config, key) => {
                dispatch({ type: 'updateNode', id: one.id, patch: { config }, editKey: key });
                touch(one.id, key);
                setServerProblems((ps) => withoutNode(ps, one.id));
              }}
              onName={(name) => dispatch({ type: 'updateNode', id: one.id, patch: { name: name || undefined }, editKey: 'name' })}
              onDelete={commands.deleteSelected}
            />
          )}
          {session.current && !one && (
            <GraphPanel
              graphId={session.current.id}
              head={state.head}
              live={monitor.live}
              shown={shown}
              history={history.runs}
              historyError={history.error}
              order={order}
              selectedCount={selected.length}
              savedRevision={session.current.revision}
              credentials={credentials.names}
              triggersTouched={touched.get(TRIGGERS_FORM)}
              saveTried={session.saveTried}
              onTouchTrigger={(path) => touch(TRIGGERS_FORM, path)}
              onCredentialsChanged={credentials.reload}
              onSelectRun={setPicked}
              followLatest={followLatest.enabled}
              onFollowLatest={followLatest.setEnabled}
              onHead={(patch) => dispatch({ type: 'setHead', patch })}
            />
          )}
          {!session.current && <p className="empty-state">Open or create a graph to edit it.</p>}
        </PanelColumn>
      </div>
    </CanvasContexts>
  );
}
