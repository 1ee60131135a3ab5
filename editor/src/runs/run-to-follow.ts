/** A run of the open graph that started executing, as `GET /api/graphs/{id}/runs/live` tells it. */
export interface StartedRun {
  id: string;
  trigger: string;
}

/** The run the canvas shows live now, if any. */
export interface FollowedRun {
  id: string;
  running: boolean;
}

/**
 * Whether the canvas should switch to a run that started: only when following is on, the run is
 * not the one shown already, and the run shown is not still going (a run the user is watching is
 * never taken over; the newer one is followed once it has ended).
 */
export function shouldFollow(started: StartedRun | null, enabled: boolean, current: FollowedRun | null): started is StartedRun {
  if (!enabled || !started) return false;
  if (!current) return true;
  return started.id !== current.id && !current.running;
}
