// The runtime's public surface for other packages (tests of node plugins, the bench, the CLI).
export { openStore, MIGRATIONS_DIR, type Store, type StoreOptions } from './store/open-store.ts';
export { openTempStore, type TempStore } from './store/temp-store.ts';
export type { Page } from './store/page.ts';
export type { GraphRow } from './db/graphs-table.ts';
export type { RunRow, RunLogRow } from './db/runs-table.ts';
export type { CheckpointRow } from './db/checkpoints-table.ts';
