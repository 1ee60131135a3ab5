import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkbookSignature } from './workbook-signature.ts';

const dir = mkdtempSync(join(tmpdir(), 'workbook-signature-'));
const write = (name: string, bytes: Buffer | string) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

describe('checkWorkbookSignature', () => {
  it('refuses a legacy .xls (OLE2) with the reason', async () => {
    const p = write('old.xls', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]));
    await expect(checkWorkbookSignature(p, 'old.xls')).rejects.toThrow(
      /^old\.xls: legacy Excel 97-2003 \(\.xls\) and password-protected workbooks are not supported: .*untrusted files/,
    );
  });

  it('refuses a file that is not a zip', async () => {
    const p = write('table.xlsx', 'a,b\n1,2\n');
    await expect(checkWorkbookSignature(p, 'table.xlsx')).rejects.toThrow('table.xlsx: not an Excel workbook: an .xlsx file is a zip archive');
  });

  it('lets a zip through', async () => {
    const p = write('ok.xlsx', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(30)]));
    await expect(checkWorkbookSignature(p, 'ok.xlsx')).resolves.toBeUndefined();
  });
});
