import type { WorkerProcess } from '@sluice/sdk/wire';
import type { AdminApi } from './admin-api.ts';
import { useAdminList } from './useAdminList.ts';
import { formatWhen } from './user-draft.ts';

interface Props {
  admin: AdminApi;
  report(message: { kind: 'error' | 'ok'; text: string }): void;
}

const mib = (bytes: number | null) => (bytes === null ? '–' : `${Math.round(bytes / 2 ** 20)} MiB`);

/** The processes executing runs of this store (serve and worker), as the job queue last heard from them. */
export function WorkersSection({ admin, report }: Props) {
  const [workers, reload] = useAdminList<WorkerProcess>(admin.workers, 'Workers', report);
  return (
    <section className="settings-section" aria-label="Workers" data-testid="workers-section">
      <h2>Workers</h2>
      <p className="muted">
        The processes that execute runs: on a PostgreSQL store every <code>sluice serve</code> and <code>sluice worker</code> sharing it, heard from every 10
        seconds.{' '}
        <button type="button" className="link-button" onClick={() => void reload()} data-testid="reload-workers">
          Refresh
        </button>
      </p>
      <table className="settings-table">
        <thead>
          <tr>
            <th>Process</th>
            <th>Role</th>
            <th>Runs in hand</th>
            <th>Memory</th>
            <th>Started</th>
            <th>Last heard</th>
          </tr>
        </thead>
        <tbody>
          {workers?.map((w) => (
            <tr key={`${w.host}:${w.pid}:${w.startedAt}`} data-worker={`${w.host}:${w.pid}`} className={w.live ? '' : 'revoked'}>
              <td>
                {w.host}:{w.pid}
                {!w.live && <span className="muted"> · silent</span>}
              </td>
              <td>{w.role}</td>
              <td data-testid="worker-running">
                {w.running} of {w.concurrency}
              </td>
              <td className="muted">{mib(w.rss)}</td>
              <td className="muted">{formatWhen(w.startedAt)}</td>
              <td className="muted">{formatWhen(w.lastSeenAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {workers?.length === 0 && <p className="empty-state">No process executes runs: start a worker (sluice worker).</p>}
    </section>
  );
}
