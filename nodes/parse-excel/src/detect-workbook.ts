import { DETECTION_CONFIDENCE, type FormatDetection } from '@sluice/sdk';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (head: Uint8Array, bytes: number[]) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

/**
 * A workbook is a zip (`PK`); a legacy .xls is an OLE2 compound file, claimed too so that this plugin
 * explains whether and why it refuses it. A zip that is no workbook fails here with that cause.
 */
export const detectWorkbook: FormatDetection = {
  format: 'xlsx',
  extensions: ['xlsx', 'xlsm', 'xls'],
  sniff(head) {
    if (startsWith(head, ZIP)) return { confidence: DETECTION_CONFIDENCE.magic, from: 'zip magic bytes PK' };
    if (startsWith(head, OLE2)) return { confidence: DETECTION_CONFIDENCE.magic, from: 'OLE2 magic bytes (legacy .xls)' };
    return undefined;
  },
};
