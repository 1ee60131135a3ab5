/**
 * Undo and redo as plain data: a list of past snapshots and a list of undone ones. The editor
 * records a snapshot before each meaningful change (add, delete, wire, paste, move, edit a field).
 */
export interface History<S> {
  past: S[];
  future: S[];
}

export const HISTORY_LIMIT = 100;

export function emptyHistory<S>(): History<S> {
  return { past: [], future: [] };
}

/** Remember `before` (the state just before a change); a new change forgets what was undone. */
export function record<S>(h: History<S>, before: S, limit = HISTORY_LIMIT): History<S> {
  const past = [...h.past, before];
  return { past: past.length > limit ? past.slice(past.length - limit) : past, future: [] };
}

export function undo<S>(h: History<S>, present: S): { history: History<S>; state: S } | null {
  const state = h.past[h.past.length - 1];
  if (state === undefined) return null;
  return { history: { past: h.past.slice(0, -1), future: [present, ...h.future] }, state };
}

export function redo<S>(h: History<S>, present: S): { history: History<S>; state: S } | null {
  const [state, ...future] = h.future;
  if (state === undefined) return null;
  return { history: { past: [...h.past, present], future }, state };
}
