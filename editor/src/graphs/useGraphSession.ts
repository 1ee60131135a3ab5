import { useCallback, useEffect, useRef, useState, type Dispatch } from 'react';
import { copyName, emptyGraph, serializeGraph, withoutDefaults, type GraphDocument, type GraphProblem, type NodeTypeInfo } from '@sluice/sdk/graph';
import type { Api } from '../api/api-client.ts';
import { ApiError } from '../api/api-error.ts';
import type { GraphRecord, GraphSummary } from '../api/api-types.ts';
import { isDirty, type EditorAction, type EditorState } from '../canvas/editor-state.ts';
import { flowToDoc } from '../canvas/flow-model.ts';
import { downloadText } from './download-text.ts';
import type { NoticeMessage } from './Notice.tsx';
import { exportFileName, readImport } from './read-import.ts';

const HASH = /^#\/graphs\/([^/]+)$/;
/** The graph the address bar names now, or null. */
const graphIdOfAddress = (): string | null => {
  const match = HASH.exec(window.location.hash);
  return match ? decodeURIComponent(match[1]!) : null;
};
const OK_NOTICE_MS = 5000;

/**
 * The open graph and the list of graphs: open, create, save, delete, import, export. The URL hash
 * (#/graphs/<id>) names the open graph: opening one adds a step to the browser's history, and a
 * changed address (Back, Forward, typed) opens the graph it names.
 */
/** An import whose name a saved graph has already: the user chooses to replace that graph or add a copy. */
export interface ImportChoice {
  doc: GraphDocument;
  fileName: string;
  existing: GraphSummary;
  copyName: string;
}

export function useGraphSession(
  api: Api,
  state: EditorState,
  dispatch: Dispatch<EditorAction>,
  typeOf: (type: string) => NodeTypeInfo | undefined = () => undefined,
) {
  const [graphs, setGraphs] = useState<GraphSummary[]>([]);
  const [listError, setListError] = useState<string | undefined>();
  const [current, setCurrent] = useState<GraphRecord | null>(null);
  const [loading, setLoading] = useState(true);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [serverProblems, setServerProblems] = useState<GraphProblem[]>([]);
  /** A save (or run) of the open graph was tried: every missing required field is pointed out from then on. */
  const [saveTried, setSaveTried] = useState(false);
  const [importChoice, setImportChoice] = useState<ImportChoice | null>(null);
  const latest = useRef(state);
  latest.current = state;

  // Good news ("Saved …", "Uploaded …") goes away by itself; errors stay until dismissed or replaced.
  useEffect(() => {
    if (notice?.kind !== 'ok') return;
    const timer = setTimeout(() => setNotice((n) => (n === notice ? null : n)), OK_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const document = useCallback((): GraphDocument => flowToDoc(latest.current.head, latest.current.nodes, latest.current.edges), []);

  const refresh = useCallback(async (): Promise<GraphSummary[]> => {
    try {
      const list = await api.listGraphs();
      setGraphs(list);
      setListError(undefined);
      return list;
    } catch (e) {
      setListError(`Graphs could not be listed: ${(e as Error).message}`);
      return [];
    }
  }, [api]);

  // Bumped by every graph the user opens, creates or imports: the start-up "open the last graph"
  // must not replace one the user chose while it was loading.
  const navigation = useRef(0);

  const currentId = useRef<string | null>(null);
  /** Shows a graph; its address becomes a step of the browser's history unless it `replace`s the one at start-up. */
  const show = useCallback(
    (record: GraphRecord, replace = false) => {
      currentId.current = record.id;
      setCurrent(record);
      setServerProblems([]);
      setSaveTried(false);
      setNotice(null);
      dispatch({ type: 'load', doc: record.document });
      const hash = `#/graphs/${encodeURIComponent(record.id)}`;
      if (window.location.hash !== hash) window.history[replace ? 'replaceState' : 'pushState'](null, '', hash);
    },
    [dispatch],
  );

  const confirmDiscard = useCallback(() => !isDirty(latest.current) || window.confirm('Discard the unsaved changes of this graph?'), []);

  /**
   * `fromAddress`: the graph the address names (at start-up, after Back or Forward): no question
   * asked here, no new step in the browser's history.
   */
  const open = useCallback(
    async (id: string, fromAddress = false) => {
      if (!fromAddress && !confirmDiscard()) return;
      const mine = fromAddress ? navigation.current : ++navigation.current;
      try {
        const record = await api.getGraph(id);
        // The address moved on while this loaded (typed, Back, a link): the graph it names now wins,
        // and its hashchange opens it. Showing this one would write its id over the new address.
        const named = graphIdOfAddress();
        if (fromAddress && named !== null && named !== id) return;
        if (mine === navigation.current) show(record, fromAddress);
      } catch (e) {
        setNotice({ kind: 'error', text: `Graph ${id} could not be opened: ${(e as Error).message}` });
      }
    },
    [api, confirmDiscard, show],
  );

  useEffect(() => {
    (async () => {
      const list = await refresh();
      const first = graphIdOfAddress() ?? list[0]?.id;
      if (first && navigation.current === 0) await open(first, true);
      setLoading(false);
    })();
  }, [open, refresh]);

  // The address is followed all along, not only at start: Back, Forward and a typed #/graphs/<id>.
  useEffect(() => {
    const follow = () => {
      const id = graphIdOfAddress();
      if (!id || id === currentId.current) return;
      if (!confirmDiscard()) {
        // Kept: the address goes back to the graph still on screen.
        if (currentId.current) window.history.replaceState(null, '', `#/graphs/${encodeURIComponent(currentId.current)}`);
        return;
      }
      // A newer navigation: an open still loading (the start-up one) must not replace this one.
      navigation.current++;
      void open(id, true);
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [confirmDiscard, open]);

  const create = useCallback(async () => {
    if (!confirmDiscard()) return;
    navigation.current++;
    const taken = new Set(graphs.map((g) => g.name));
    let name = 'Untitled graph';
    for (let i = 2; taken.has(name); i++) name = `Untitled graph ${i}`;
    try {
      const record = await api.createGraph(name, emptyGraph(name));
      // The list first, then the canvas: nothing moves under the pointer once the graph shows.
      await refresh();
      show(record);
    } catch (e) {
      setNotice({ kind: 'error', text: `The graph could not be created: ${(e as Error).message}` });
    }
  }, [api, confirmDiscard, graphs, refresh, show]);

  /** Saves the open graph; resolves false (with the runtime's problems shown) when it is refused. */
  const save = useCallback(async (): Promise<boolean> => {
    if (!current) return false;
    setSaveTried(true);
    const version = latest.current.version;
    const doc = document();
    try {
      const record = await api.saveGraph(current.id, doc.name, doc, current.revision);
      setCurrent(record);
      setServerProblems([]);
      dispatch({ type: 'markSaved', version });
      const open = record.problems?.length ?? 0;
      setNotice(
        open
          ? {
              kind: 'info',
              text: `Saved “${doc.name}” as a draft: it cannot run until ${open === 1 ? 'its problem is' : `its ${open} problems are`} fixed (see Problems).`,
            }
          : { kind: 'ok', text: `Saved “${doc.name}”.` },
      );
      void refresh();
      return true;
    } catch (e) {
      const err = e as ApiError;
      setServerProblems(err.problems ?? []);
      const text =
        err.status === 409
          ? 'Someone else saved this graph in the meantime; reload it to see their version (your changes stay here until then).'
          : `Not saved: ${err.message}`;
      setNotice({ kind: 'error', text });
      return false;
    }
  }, [api, current, dispatch, document, refresh]);

  const remove = useCallback(
    async (g: GraphSummary) => {
      if (!window.confirm(`Delete the graph “${g.name}” and its run history?`)) return;
      try {
        await api.deleteGraph(g.id);
        if (current?.id === g.id) {
          currentId.current = null;
          setCurrent(null);
          dispatch({ type: 'load', doc: emptyGraph('Untitled graph') });
          window.history.replaceState(null, '', '#');
        }
        await refresh();
      } catch (e) {
        setNotice({ kind: 'error', text: `Not deleted: ${(e as Error).message}` });
      }
    },
    [api, current, dispatch, refresh],
  );

  // Only the values that differ from each type's defaults: an editor-built graph diffs like one written by hand.
  const exportGraph = useCallback(() => {
    const doc = document();
    downloadText(exportFileName(doc.name), serializeGraph(withoutDefaults(doc, typeOf)));
  }, [document, typeOf]);

  const importAs = useCallback(
    async (doc: GraphDocument, fileName: string, choice?: { mode: 'copy' } | { mode: 'replace'; id: string }) => {
      navigation.current++;
      try {
        const record = await api.importGraph(doc, choice);
        await refresh();
        show(record);
        const how = choice?.mode === 'replace' ? `in place of the graph “${record.name}”` : `as the new graph “${record.name}”`;
        const open = record.problems?.length ?? 0;
        setNotice(
          open
            ? {
                kind: 'info',
                text: `Imported ${fileName} ${how}, as a draft: it cannot run until ${open === 1 ? 'its problem is' : `its ${open} problems are`} fixed (see Problems).`,
              }
            : { kind: 'ok', text: `Imported ${fileName} ${how}.` },
        );
      } catch (e) {
        const err = e as ApiError;
        // Named meanwhile by someone else: ask as if the list had shown it.
        const list = err.status === 409 && !choice ? await refresh() : [];
        const existing = list.find((g) => g.name === doc.name);
        if (existing)
          return setImportChoice({
            doc,
            fileName,
            existing,
            copyName: copyName(
              doc.name,
              list.map((g) => g.name),
            ),
          });
        setNotice({ kind: 'error', text: `${fileName} was not imported: ${err.message}` });
      }
    },
    [api, refresh, show],
  );

  /**
   * An exported file becomes a graph; an invalid one changes nothing and says why. A file whose
   * graph name is taken (your own export, brought back) asks first: replace that graph, or add a copy.
   */
  const importFile = useCallback(
    async (file: File) => {
      const read = readImport(file.name, await file.text());
      if (!read.ok) return setNotice({ kind: 'error', text: read.message });
      if (!confirmDiscard()) return;
      const existing = graphs.find((g) => g.name === read.doc.name);
      if (existing)
        return setImportChoice({
          doc: read.doc,
          fileName: file.name,
          existing,
          copyName: copyName(
            read.doc.name,
            graphs.map((g) => g.name),
          ),
        });
      await importAs(read.doc, file.name);
    },
    [confirmDiscard, graphs, importAs],
  );

  /** The answer to the import question: `null` cancels. */
  const chooseImport = useCallback(
    async (mode: 'copy' | 'replace' | null) => {
      const asked = importChoice;
      setImportChoice(null);
      if (!asked || !mode) return;
      await importAs(asked.doc, asked.fileName, mode === 'copy' ? { mode } : { mode, id: asked.existing.id });
    },
    [importAs, importChoice],
  );

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (isDirty(latest.current)) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  return {
    graphs,
    listError,
    current,
    loading,
    notice,
    setNotice,
    serverProblems,
    setServerProblems,
    saveTried,
    setSaveTried,
    open,
    create,
    save,
    remove,
    exportGraph,
    importFile,
    importChoice,
    chooseImport,
    refresh,
  };
}

export type GraphSession = ReturnType<typeof useGraphSession>;
