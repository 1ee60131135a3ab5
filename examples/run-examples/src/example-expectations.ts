/** What an example's `expected.json` promises about a run of its graph from an empty data folder. */
export interface ExampleExpectations {
  /** Files per outcome in the first run. */
  firstRun: { processed: number; skipped: number; failed: number };
  /** Per Bronze table (the bronze-sink's `table`): rows, data columns in order, and `tableChecksum`. */
  tables: Record<string, { rows: number; columns: string[]; checksum: string }>;
}
