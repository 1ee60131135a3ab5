import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { partColumnsOf, withAuditColumns, withRescuedData } from './bronze-columns.ts';
import { frameColumns } from './frame-columns.ts';

const origin = { sourceNode: 's', key: 'a.csv', uri: 'file:///in/a.csv', size: 1, modifiedAt: new Date(0), fingerprint: 'm:1:0' };

describe('partColumnsOf', () => {
  it('predicts the columns polars gives the written part, replaced audit columns and rescue included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-cols-'));
    writeFileSync(join(dir, 'a.csv'), '_run_id,id,extra,name\nx,1,2.5,n\n');
    const frame = pl.scanCSV(join(dir, 'a.csv'));
    const file = await frameColumns(frame);
    for (const rescued of [undefined, ['extra']]) {
      const written = withAuditColumns(rescued ? withRescuedData(frame, rescued) : frame, origin, 'r1', new Date());
      expect(Object.entries(partColumnsOf(file, rescued))).toEqual(Object.entries(await frameColumns(written)));
    }
  });
});
