import { DETECTION_CONFIDENCE, type FormatDetection } from '@sluice/sdk';

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // PAR1

/** A Parquet file opens with `PAR1`, whatever its name says. */
export const detectParquet: FormatDetection = {
  format: 'parquet',
  extensions: ['parquet', 'pq'],
  sniff: (head) => (MAGIC.every((b, i) => head[i] === b) ? { confidence: DETECTION_CONFIDENCE.magic, from: 'magic bytes PAR1' } : undefined),
};
