import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api } from '../api/api-client.ts';
import { isFinished, normalizeRun } from '../api/normalize-run.ts';
import { applyRunEvent, type LiveRun } from './apply-run-event.ts';

const EVENT_NAMES = ['stats', 'log', 'error', 'warning', 'file', 'status', 'done', 'end'];
const POLL_MS = 1500;

/**
 * Follows one run: live events over SSE, and a slow poll of `GET /api/runs/:id` as the source of
 * truth for the final status (so a dropped stream or a missing status event cannot leave the
 * editor showing "running" forever). `onFinished` fires once with the final record.
 */
export function useRunMonitor(api: Api, onFinished: (live: LiveRun) => void) {
  const [live, setLive] = useState<LiveRun | null>(null);
  const stop = useRef<() => void>(() => {});
  const finishedCb = useRef(onFinished);
  finishedCb.current = onFinished;

  const follow = useCallback(
    (runId: string) => {
      stop.current();
      let closed = false;
      let streamed = false;
      let current: LiveRun = { run: normalizeRun({ id: runId, status: 'queued', startedAt: new Date().toISOString() }), logs: [] };
      setLive(current);
      const update = (next: LiveRun) => {
        current = next;
        if (!closed) setLive(next);
      };
      const source = typeof EventSource === 'undefined' ? null : new EventSource(api.runEventsUrl(runId));
      const onEvent = (e: Event) => {
        if (!(e instanceof MessageEvent) || typeof e.data !== 'string') return; // a connection error, not a named event
        try {
          streamed = true;
          update(applyRunEvent(current, e.type, JSON.parse(e.data)));
        } catch {
          // A line that is not JSON (a comment, a keep-alive): nothing to show.
        }
        if (isFinished(current.run.status)) void settle();
      };
      if (source) {
        source.onmessage = onEvent;
        for (const name of EVENT_NAMES) source.addEventListener(name, onEvent);
      }
      const settle = async () => {
        if (closed) return;
        try {
          const final = await api.getRun(runId);
          if (!isFinished(final.status)) {
            // Without a live stream, the polled figures are the best there is.
            if (!streamed && !closed) update({ ...current, run: { ...current.run, status: final.status, nodes: final.nodes } });
            return;
          }
          closed = true;
          source?.close();
          clearInterval(timer);
          current = { run: final, logs: current.logs };
          setLive(current);
          finishedCb.current(current);
        } catch {
          // The next poll tries again.
        }
      };
      const timer = setInterval(() => void settle(), POLL_MS);
      stop.current = () => {
        closed = true;
        source?.close();
        clearInterval(timer);
      };
    },
    [api],
  );

  useEffect(() => () => stop.current(), []);

  const clear = useCallback(() => {
    stop.current();
    setLive(null);
  }, []);

  return { live, follow, clear, show: setLive };
}
