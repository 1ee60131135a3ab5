/** How big each workload is: `full` is what issue 7 specifies, `quick` a smoke test of seconds. */
export type Scale = 'full' | 'quick';

export interface WorkloadSizes {
  w1Rows: number;
  w2Files: number;
  w2RowsPerFile: number;
  w3Files: number;
  w3RowsPerFile: number;
  /** Rows of W4's CSV: over 2 GB at full size (~135 bytes a row). */
  w4Rows: number;
  /** W5: uploads one by one (each to an idle graph), then uploads in one burst. */
  w5Sparse: number;
  w5Burst: number;
}

export const SIZES: Record<Scale, WorkloadSizes> = {
  full: { w1Rows: 2_000_000, w2Files: 2_000, w2RowsPerFile: 500, w3Files: 10_000, w3RowsPerFile: 5, w4Rows: 16_500_000, w5Sparse: 30, w5Burst: 500 },
  quick: { w1Rows: 20_000, w2Files: 20, w2RowsPerFile: 500, w3Files: 200, w3RowsPerFile: 5, w4Rows: 100_000, w5Sparse: 5, w5Burst: 20 },
};

export const DEFAULT_SEED = 20261126;
