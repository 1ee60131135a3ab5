import { useEffect, useMemo, useState } from 'react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import type { Api } from './api-client.ts';

/** The installed node types, fetched once; the editor knows nothing else about plugins. */
export function useNodeTypes(api: Api) {
  const [list, setList] = useState<NodeTypeInfo[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    api.nodeTypes().then(
      (l) => (setList(l), setLoaded(true)),
      (e: Error) => (setError(e.message), setLoaded(true)),
    );
  }, [api]);
  const byType = useMemo(() => new Map(list.map((t) => [t.type, t])), [list]);
  return { list, byType, error, loaded };
}
