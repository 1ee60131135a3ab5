import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext.ts';
import type { RunLogLine } from '../api/api-types.ts';
import { RunLogList } from './RunLogList.tsx';

type Level = RunLogLine['level'];

/** A finished run's log from the runtime, a page at a time, filtered by level. */
export function RunLogPanel({ runId }: { runId: string }) {
  const api = useApi();
  const [level, setLevel] = useState<Level>('info');
  const [lines, setLines] = useState<RunLogLine[]>([]);
  const [next, setNext] = useState(0);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (after: number, keep: RunLogLine[]) => {
      try {
        const page = await api.runLogPage(runId, after, level);
        setLines([...keep, ...page.items]);
        setNext(page.next);
        setMore(page.more);
        setError(null);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [api, runId, level],
  );

  useEffect(() => {
    void load(0, []);
  }, [load]);

  return (
    <div className="run-log-panel">
      <div className="section-head">
        <h4>Log</h4>
        <select aria-label="Lowest log level" value={level} onChange={(e) => setLevel(e.target.value as Level)}>
          <option value="debug">debug and up</option>
          <option value="info">info and up</option>
          <option value="warn">warnings and errors</option>
          <option value="error">errors only</option>
        </select>
      </div>
      {error ? <p className="field-error">The log could not be read: {error}</p> : <RunLogList lines={lines} />}
      {more && (
        <button type="button" className="link-button" onClick={() => void load(next, lines)}>
          Load more
        </button>
      )}
    </div>
  );
}
