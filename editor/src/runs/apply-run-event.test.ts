import { describe, expect, it } from 'vitest';
import { normalizeRun } from '../api/normalize-run.ts';
import { applyRunEvent, type LiveRun } from './apply-run-event.ts';

const start: LiveRun = { run: normalizeRun({ id: 'r', status: 'queued' }), logs: [] };
const stats = {
  state: 'running',
  filesIn: 1,
  filesOut: 0,
  filesSkipped: 0,
  filesFailed: 0,
  rowsIn: 10,
  rowsOut: 10,
  bytesIn: 5,
  bytesOut: 5,
  queued: 0,
  errors: 0,
  warnings: 0,
};

describe('applyRunEvent', () => {
  it('takes stats, logs, issues and status from typed events', () => {
    let live = applyRunEvent(start, 'message', { type: 'stats', nodes: { csv: stats } });
    expect(live.run.status).toBe('running');
    expect(live.run.nodes.csv!.rowsOut).toBe(10);
    live = applyRunEvent(live, 'message', { type: 'log', line: { at: 't', level: 'info', message: 'listed 3 files' } });
    live = applyRunEvent(live, 'message', { type: 'error', issue: { at: 't', node: 'csv', message: 'bad row' } });
    live = applyRunEvent(live, 'message', { type: 'status', status: 'failed' });
    expect(live.logs.map((l) => l.message)).toEqual(['listed 3 files']);
    expect(live.run.errors[0]!.message).toBe('bad row');
    expect(live.run.status).toBe('failed');
  });

  it('uses the SSE event name when the payload has no type, and ignores unknown events', () => {
    const live = applyRunEvent(start, 'stats', { nodes: { a: stats } });
    expect(Object.keys(live.run.nodes)).toEqual(['a']);
    expect(applyRunEvent(live, 'file', { node: 'a', uri: 'x', status: 'processed' })).toBe(live);
    expect(applyRunEvent(live, 'log', { nonsense: true })).toBe(live);
  });
});
