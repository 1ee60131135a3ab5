import type { Store } from '@sluice/store';
import { testSql, testSqlRowsAsync } from '@sluice/store/testing';

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface EventLatency {
  /**
   * The old definition: event received (logged) -> the run that takes its object is running (ms);
   * 0 for an event fed to a run already going (it counts as started when it is taken in).
   */
  toRunStarted: Percentiles;
  /**
   * Event received -> its file picked up by a run (ms): the run's start for a key the run was
   * started (or queued) with, the moment the source took it from the run's live feed otherwise.
   */
  toPickedUp: Percentiles;
  /** Events whose key was fed to a run already going. */
  fed: number;
  /** Event received -> the object's rows committed to Bronze (ms). */
  toRowsLanded: Percentiles;
  runs: number;
}

/**
 * Latencies of a graph's bucket events, from the store: `bucket_events.received_at`, the linked
 * run's `started_at`, the link's `picked_at` (a key fed to a running run), and the `created_at` of the object's first Bronze part after the event.
 * A test-only read across four tables' owners, for tests and the bench, on either dialect; product code asks repositories.
 */
export async function eventLatency(store: Store, graphId: string, sinceId = 0): Promise<EventLatency> {
  type Moment = number | string | Date | null;
  const found = await testSqlRowsAsync<{ received: Moment; started: Moment; picked: Moment; landed: Moment; run: string }>(
    store,
    testSql`select e.received_at as received, r.started_at as started, l.picked_at as picked,
              (select min(p.created_at) from bronze_parts p where p.graph_id = l.graph_id and p.source_key = e.key and p.created_at >= e.received_at) as landed,
              l.run_id as run
         from bucket_events e join bucket_event_runs l on l.event_id = e.id join runs r on r.id = l.run_id
        where l.graph_id = ${graphId} and e.id > ${sinceId}`,
  );
  // Epoch milliseconds on SQLite; on PostgreSQL the text of a timestamptz (drizzle leaves it unparsed) or a Date.
  const ms = (m: Moment) => (m === null ? null : typeof m === 'string' ? Date.parse(m) : Number(m));
  const rows = found.map((r) => ({ received: ms(r.received)!, started: ms(r.started), picked: ms(r.picked), landed: ms(r.landed), run: r.run }));
  const started = rows.filter((r) => r.started !== null);
  return {
    toRunStarted: percentiles(started.map((r) => Math.max(0, r.started! - r.received))),
    toPickedUp: percentiles(started.map((r) => (r.picked ?? r.started!) - r.received)),
    fed: rows.filter((r) => r.picked !== null).length,
    toRowsLanded: percentiles(rows.filter((r) => r.landed !== null).map((r) => r.landed! - r.received)),
    runs: new Set(rows.map((r) => r.run)).size,
  };
}

/** Nearest-rank percentiles. */
export function percentiles(values: number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN);
  return { count: s.length, p50: at(50), p95: at(95), p99: at(99), max: s.at(-1) ?? NaN };
}
