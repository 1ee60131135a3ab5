import type { RunEvent, RunStatus } from '@sluice/engine';

/** What listeners of a run hear: the executor's events, plus the run's status changes. */
export type RunStreamEvent = RunEvent | { type: 'status'; status: RunStatus; at: string };

export type RunListener = (event: RunStreamEvent) => void;

/** Fan-out of live run events to subscribers (SSE clients). Holds nothing once a run has no listener. */
export class RunEventHub {
  private readonly listeners = new Map<string, Set<RunListener>>();

  subscribe(runId: string, listener: RunListener): () => void {
    let set = this.listeners.get(runId);
    if (!set) this.listeners.set(runId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(runId);
    };
  }

  publish(runId: string, event: RunStreamEvent): void {
    for (const listener of this.listeners.get(runId) ?? []) {
      try {
        listener(event);
      } catch {
        // A broken listener (a closed connection) must not break the run or the other listeners.
      }
    }
  }

  listenerCount(runId: string): number {
    return this.listeners.get(runId)?.size ?? 0;
  }
}
