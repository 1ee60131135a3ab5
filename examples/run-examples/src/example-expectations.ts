/** What an example's `expected.json` promises about a run of its graph from an empty data folder. */
export interface ExampleExpectations {
  /** Files per outcome in the first run. */
  firstRun: { processed: number; skipped: number; failed: number };
  /** Per Bronze table (the bronze-sink's `table`): rows, data columns in order, and `tableChecksum`. */
  tables: Record<string, { rows: number; columns: string[]; checksum: string }>;
  /** Warning messages of the first run, in order; none when absent (a silent null or a skipped sheet shows up here). */
  warnings?: string[];
}
