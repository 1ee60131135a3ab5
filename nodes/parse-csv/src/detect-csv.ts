import { DETECTION_CONFIDENCE, type FormatDetection } from '@sluice/sdk';

/**
 * CSV takes any text that nothing surer claims (lowest confidence); binary data (a NUL byte) is not
 * CSV. Under an auto parser the delimiter is sniffed per file.
 */
export const detectCsv: FormatDetection = {
  format: 'csv',
  extensions: ['csv', 'tsv', 'txt'],
  autoOptions: { delimiter: 'auto' },
  sniff: (head) => (head.includes(0) ? undefined : { confidence: DETECTION_CONFIDENCE.text, from: 'content (text, not JSON)' }),
};
