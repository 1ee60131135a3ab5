import { useEffect, useMemo, useRef, useState } from 'react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import type { Api } from '../api/api-client.ts';
import { folderApi } from './folder-api.ts';
import { type FolderCheck, folderCheckOf } from './folder-check.ts';
import { namedFolders } from './folder-fields.ts';

const PAUSE_MS = 400;

/**
 * Node problems for folders outside the runtime's roots, so that the canvas flags such a node while
 * the graph is edited, not when it runs. Each folder is asked once per graph (answers are kept);
 * a node's data that did not change costs no request.
 */
export function useFolderProblems(
  api: Api,
  nodes: readonly { id: string; data: { type: string; config: Record<string, unknown> } }[],
  typeOf: (t: string) => NodeTypeInfo | undefined,
  graphId: string | null,
): Record<string, string[]> {
  // Cheap on every render (a drag frame): a lookup per node; the folder fields of a type are read once.
  const named = namedFolders(
    nodes.map((n) => ({ id: n.id, type: n.data.type, config: n.data.config })),
    typeOf,
  );
  const signature = named.map((f) => `${f.node}\u0000${f.title}\u0000${f.kind}\u0000${f.path}`).join('\n');
  // The same list (one object) while its content is the same: the signature stands for it.
  const folders = useMemo(() => named, [signature]);
  // Answers by graph, kind and folder (a relative input folder starts from the graph's folder).
  const asked = useRef(new Map<string, FolderCheck>());
  const [checks, setChecks] = useState<ReadonlyMap<string, FolderCheck>>(asked.current);
  const keyOf = (kind: string, path: string) => `${graphId ?? ''}\u0000${kind}\u0000${path}`;
  const wanted = useMemo(() => [...new Set(folders.map((f) => `${f.kind}\u0000${f.path}`))], [folders]);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  useEffect(() => {
    const missing = wanted.filter((k) => !asked.current.has(`${graphId ?? ''}\u0000${k}`));
    if (!missing.length) return;
    const timer = setTimeout(() => {
      for (const k of missing) {
        const [kind, path] = k.split('\u0000') as ['input' | 'output', string];
        folderApi(api)
          .list(kind, path, graphId)
          .then(folderCheckOf, folderCheckOf)
          .then((c) => {
            // An answer that could not be had is asked again at the next change, not kept.
            if (c.state === 'unknown') return;
            asked.current.set(`${graphId ?? ''}\u0000${k}`, c);
            if (mounted.current) setChecks(new Map(asked.current));
          });
      }
    }, PAUSE_MS);
    return () => clearTimeout(timer);
  }, [api, wanted, graphId]);
  return useMemo(() => {
    const out: Record<string, string[]> = {};
    for (const f of folders) {
      const c = checks.get(keyOf(f.kind, f.path));
      if (c?.state === 'refused') (out[f.node] ??= []).push(`${f.title}: ${c.short}`);
    }
    return out;
  }, [folders, checks, graphId]);
}
