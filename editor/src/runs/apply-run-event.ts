import type { NodeStats, RunIssue, RunLogLine, RunStatus, RunView } from '../api/api-types.ts';

export interface LiveRun {
  run: RunView;
  logs: RunLogLine[];
}

const LOG_LIMIT = 500;

/**
 * Folds one server-sent event into the live run. Accepts the executor's RunEvent shapes
 * (`{type:'stats', nodes}`, `{type:'log', line}`, `{type:'error'|'warning', issue}`, `{type:'file', ...}`)
 * plus the runtime's `{type:'status', status}`; the SSE event name stands in for a missing `type`.
 */
export function applyRunEvent(live: LiveRun, eventName: string, data: unknown): LiveRun {
  const d = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const type = typeof d.type === 'string' ? d.type : eventName;
  const run = live.run;
  switch (type) {
    case 'stats': {
      const nodes = (d.nodes ?? d.stats) as Record<string, NodeStats> | undefined;
      return nodes ? { ...live, run: { ...run, nodes, status: run.status === 'queued' ? 'running' : run.status } } : live;
    }
    case 'log': {
      const line = (d.line ?? d) as RunLogLine;
      if (typeof line.message !== 'string') return live;
      const logs = [...live.logs, line];
      return { ...live, logs: logs.length > LOG_LIMIT ? logs.slice(-LOG_LIMIT) : logs };
    }
    case 'error':
    case 'warning': {
      const issue = (d.issue ?? d) as RunIssue;
      if (typeof issue.message !== 'string') return live;
      const key = type === 'error' ? 'errors' : 'warnings';
      return { ...live, run: { ...run, [key]: [...run[key], issue] } };
    }
    case 'status': {
      const status = d.status as RunStatus | undefined;
      return status ? { ...live, run: { ...run, status, ...(typeof d.finishedAt === 'string' ? { finishedAt: d.finishedAt } : {}) } } : live;
    }
    default:
      return live;
  }
}
