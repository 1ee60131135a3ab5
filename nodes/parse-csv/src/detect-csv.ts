import { DETECTION_CONFIDENCE, type FormatDetection } from '@sluice/sdk';
import { notCsvReason, utf16Bom } from './sniff-csv.ts';
import { utf16HeadToUtf8 } from './utf16.ts';

/**
 * CSV takes any text that nothing surer claims (lowest confidence), UTF-16 with a byte-order mark
 * included; binary data (a NUL byte, in the text once decoded) is not CSV. Under an auto parser the delimiter is sniffed per file.
 */
export const detectCsv: FormatDetection = {
  format: 'csv',
  extensions: ['csv', 'tsv', 'txt'],
  autoOptions: { delimiter: 'auto' },
  sniff: (head) => {
    // UTF-16 text with a byte-order mark (Excel's "Unicode Text") is read: transcoded while streaming.
    const utf16 = utf16Bom(head);
    if (utf16) {
      return notCsvReason(utf16HeadToUtf8(Buffer.from(head.buffer, head.byteOffset, head.byteLength), utf16))
        ? undefined
        : { confidence: DETECTION_CONFIDENCE.text, from: `content (${utf16} text with a byte-order mark)` };
    }
    return head.includes(0) ? undefined : { confidence: DETECTION_CONFIDENCE.text, from: 'content (text, not JSON)' };
  },
};
