import { useEffect, useState } from 'react';
import type { Api } from '../api/api-client.ts';
import type { RunView } from '../api/api-types.ts';

const POLL_MS = 5000;

/**
 * A graph's run history, fetched again when `refreshKey` changes (a run started here finished) and
 * every few seconds while the page is visible, so runs started by triggers (webhook, schedule,
 * bucket events) show up too.
 */
export function useRunHistory(api: Api, graphId: string | null, refreshKey: unknown) {
  const [runs, setRuns] = useState<RunView[]>([]);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (!graphId) return setRuns([]);
    let live = true;
    const load = () =>
      api.graphRuns(graphId).then(
        (r) => live && (setRuns(r), setError(undefined)),
        (e: Error) => live && setError(e.message),
      );
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, graphId, refreshKey]);
  return { runs, error };
}
