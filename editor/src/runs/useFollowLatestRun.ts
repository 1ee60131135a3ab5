import { useCallback, useEffect, useState } from 'react';
import { graphRunStreamSchemas } from '@sluice/sdk/wire';
import type { Api } from '../api/api-client.ts';
import { type FollowedRun, shouldFollow, type StartedRun } from './run-to-follow.ts';

/** Where the choice is kept in the browser, so that it holds across graphs and visits. */
const SETTING_KEY = 'sluice.followLatestRun';

function readSetting(): boolean {
  try {
    return localStorage.getItem(SETTING_KEY) !== 'off';
  } catch {
    return true; // Storage refused (a private window): the default.
  }
}

/**
 * Follows the latest run of the open graph on the canvas, whatever started it (a webhook, a
 * schedule, a bucket event, another editor): listens to the graph's run starts and hands each new
 * one to `follow` when `shouldFollow` says so. On by default; `setEnabled(false)` stops listening.
 */
export function useFollowLatestRun(api: Api, graphId: string | null, current: FollowedRun | null, follow: (runId: string) => void) {
  const [enabled, setEnabledState] = useState(readSetting);
  const [started, setStarted] = useState<StartedRun | null>(null);

  useEffect(() => {
    setStarted(null);
    if (!graphId || !enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource(api.graphRunsLiveUrl(graphId));
    source.addEventListener('run', (e) => {
      const parsed = graphRunStreamSchemas.run.safeParse(safeJson((e as MessageEvent).data));
      if (parsed.success) setStarted({ id: parsed.data.id, trigger: parsed.data.trigger });
    });
    return () => source.close();
  }, [api, graphId, enabled]);

  const currentId = current?.id;
  const currentRunning = current?.running ?? false;
  useEffect(() => {
    const shown = currentId ? { id: currentId, running: currentRunning } : null;
    if (shouldFollow(started, enabled, shown)) follow(started.id);
  }, [started, enabled, currentId, currentRunning, follow]);

  const setEnabled = useCallback((on: boolean) => {
    setEnabledState(on);
    try {
      localStorage.setItem(SETTING_KEY, on ? 'on' : 'off');
    } catch {
      // Kept for this page only.
    }
  }, []);

  return { enabled, setEnabled };
}

function safeJson(text: unknown): unknown {
  try {
    return typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
