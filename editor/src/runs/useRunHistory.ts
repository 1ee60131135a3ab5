import { useEffect, useState } from 'react';
import type { Api } from '../api/api-client.ts';
import type { RunView } from '../api/api-types.ts';

/** A graph's run history, fetched again whenever `refreshKey` changes (a run finished). */
export function useRunHistory(api: Api, graphId: string | null, refreshKey: unknown) {
  const [runs, setRuns] = useState<RunView[]>([]);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (!graphId) return setRuns([]);
    let live = true;
    api.graphRuns(graphId).then(
      (r) => live && (setRuns(r), setError(undefined)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, graphId, refreshKey]);
  return { runs, error };
}
