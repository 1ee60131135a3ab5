import type { RunEvent, RunStatus } from '@sluice/engine';

/** What listeners of a run hear: the executor's events, plus the run's status changes. */
export type RunStreamEvent = RunEvent | { type: 'status'; status: RunStatus; at: string };

export type RunListener<E = RunStreamEvent> = (event: E) => void;

/**
 * Fan-out of live events to subscribers (SSE clients) by topic: a run's events by run id, or the
 * runs starting in a graph by graph id. Holds nothing once a topic has no listener.
 */
export class RunEventHub<E = RunStreamEvent> {
  private readonly listeners = new Map<string, Set<RunListener<E>>>();

  subscribe(topic: string, listener: RunListener<E>): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(topic);
    };
  }

  publish(topic: string, event: E): void {
    for (const listener of this.listeners.get(topic) ?? []) {
      try {
        listener(event);
      } catch {
        // A broken listener (a closed connection) must not break the run or the other listeners.
      }
    }
  }

  listenerCount(topic: string): number {
    return this.listeners.get(topic)?.size ?? 0;
  }
}
