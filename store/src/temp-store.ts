import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from './open-store.ts';

export interface TempStore {
  dir: string;
  store: Store;
  /** Closes the store and removes the folder. */
  dispose(): Promise<void>;
}

/** A real store in a fresh temporary folder, for tests and one-off headless runs. */
export function openTempStore(prefix = 'sluice-'): TempStore {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = openStore({ dataDir: dir });
  return {
    dir,
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
