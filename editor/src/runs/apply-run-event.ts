import { runStreamSchemas } from '@sluice/sdk/wire';
import type { RunLogLine, RunView } from '../api/api-types.ts';

export interface LiveRun {
  run: RunView;
  logs: RunLogLine[];
}

const LOG_LIMIT = 500;

/**
 * Folds one server-sent event into the live run. Accepts the executor's RunEvent shapes
 * (`{type:'stats', nodes}`, `{type:'log', line}`, `{type:'error'|'warning', issue}`, `{type:'file', ...}`)
 * plus the runtime's `{type:'status', status}`; the SSE event name stands in for a missing `type`.
 * The parts are read with the stream's wire schemas (`runStreamSchemas`); one that does not match is left out.
 */
export function applyRunEvent(live: LiveRun, eventName: string, data: unknown): LiveRun {
  const d = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const type = typeof d.type === 'string' ? d.type : eventName;
  const run = live.run;
  switch (type) {
    case 'stats': {
      const nodes = runStreamSchemas.stats.shape.nodes.safeParse(d.nodes ?? d.stats).data;
      return nodes ? { ...live, run: { ...run, nodes, status: run.status === 'queued' ? 'running' : run.status } } : live;
    }
    case 'log': {
      const line = runStreamSchemas.log.safeParse(d.line ?? d).data;
      if (!line) return live;
      const logs = [...live.logs, line];
      return { ...live, logs: logs.length > LOG_LIMIT ? logs.slice(-LOG_LIMIT) : logs };
    }
    case 'error':
    case 'warning': {
      const issue = runStreamSchemas[type].safeParse(d.issue ?? d).data;
      if (!issue) return live;
      const key = type === 'error' ? 'errors' : 'warnings';
      return { ...live, run: { ...run, [key]: [...run[key], issue] } };
    }
    case 'status': {
      const status = runStreamSchemas.status.shape.status.safeParse(d.status).data;
      return status ? { ...live, run: { ...run, status, ...(typeof d.finishedAt === 'string' ? { finishedAt: d.finishedAt } : {}) } } : live;
    }
    default:
      return live;
  }
}
