import { ALLOWED_ENDPOINTS_ENV, allowedEndpoints, type Logger, type RunAccess } from '@sluice/sdk';
import { openTestStoreAt } from '@sluice/store/testing/store';
import { recoverStorage } from '../src/recover-storage.ts';
import { installedTestPlugins } from './run-test-graph.ts';

/**
 * The runtime's start-up recovery over a data folder (what `sluice serve` does at start, in the
 * background), with the installed plugins: for crash tests that check a start alone, not a run, cleans up.
 * Returns the warnings and infos it logged.
 */
export async function recoverTestStorage(dataDir: string, access: Partial<RunAccess> = {}): Promise<{ warnings: string[]; infos: string[] }> {
  const warnings: string[] = [];
  const infos: string[] = [];
  const log: Logger = { debug: () => {}, info: (m) => void infos.push(m), warn: (m) => void warnings.push(m), error: (m) => void warnings.push(m) };
  const store = await openTestStoreAt(dataDir);
  try {
    await recoverStorage({
      plugins: await installedTestPlugins(),
      store,
      access: {
        inputRoots: access.inputRoots ?? [dataDir],
        outputRoots: access.outputRoots ?? [dataDir],
        allowedEndpoints: access.allowedEndpoints ?? allowedEndpoints(process.env[ALLOWED_ENDPOINTS_ENV]),
      },
      log,
    });
  } finally {
    await store.close();
  }
  return { warnings, infos };
}
