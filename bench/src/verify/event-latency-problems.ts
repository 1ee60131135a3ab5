import type { EventLatencyResult } from '../run-event-latency.ts';

/** What W5 must have recorded: one event, one pick-up and one landing per upload. */
export function eventLatencyProblems(r: EventLatencyResult): string[] {
  const problems: string[] = [];
  const check = (name: string, uploads: number, l: EventLatencyResult['sparse']) => {
    if (l.toRunStarted.count !== uploads) problems.push(`${name}: ${l.toRunStarted.count} events linked to a started run for ${uploads} uploads`);
    if (l.toRowsLanded.count !== uploads) problems.push(`${name}: rows of ${l.toRowsLanded.count} events landed for ${uploads} uploads`);
  };
  check('one by one', r.options.sparse, r.sparse);
  check('burst', r.options.burst, r.burst);
  return problems;
}
