import { describe, expect, it } from 'vitest';
import { openTempStore } from '@sluice/store';
import { installedPlugins } from '../plugins/installed-plugins.ts';
import { sharedHoldsOf, startRuns } from './start-runs.ts';

describe('startRuns', () => {
  it('refuses --workers 0 on a SQLite store (no other process could run the runs), and gives no shared holds there', async () => {
    const temp = await openTempStore('sluice-start-runs-');
    try {
      const o = {
        store: temp.store,
        registry: await installedPlugins(),
        access: { inputRoots: [], outputRoots: [], allowedEndpoints: [] },
        env: {},
        log: () => {},
      };
      await expect(startRuns({ ...o, concurrency: { global: 0 } })).rejects.toThrow(
        '--workers 0 needs a PostgreSQL store (SLUICE_DATABASE_URL), where `sluice worker` processes run the runs',
      );
      expect(sharedHoldsOf(temp.store, {}, () => {})).toBeUndefined();
    } finally {
      await temp.dispose();
    }
  });

  it('names a bad job queue timing setting', async () => {
    const temp = await openTempStore('sluice-start-runs-');
    try {
      // Read before anything starts, whatever the store.
      expect(() => sharedHoldsOf({ ...temp.store, leases: {} as never }, { SLUICE_JOB_HEARTBEAT_SECONDS: '5' }, () => {})).toThrow(
        'SLUICE_JOB_HEARTBEAT_SECONDS: "5" must be a whole number of seconds from 10 to 86400',
      );
    } finally {
      await temp.dispose();
    }
  });
});
