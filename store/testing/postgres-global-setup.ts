import { dropTestPgDatabases } from './test-postgres.ts';

/**
 * Vitest global setup: when the run ends, the PostgreSQL databases its test processes created
 * (`sluice_test_<pid>_…`, one per process of the `postgres` project) are dropped. Nothing is
 * connected at the start: a run of only SQLite suites never needs the server.
 */
export default function setup(): () => Promise<void> {
  return () => dropTestPgDatabases(process.pid);
}
