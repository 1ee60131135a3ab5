import type { SourceFile, TableItem } from '@sluice/sdk';
import { batchTableItem } from '@sluice/sdk/polars';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { bronzeSinkConfig } from './bronze-sink-config.ts';
import { NewTableClaim } from './new-table-claim.ts';
import { type BatchedTableItem, planBatchRows } from './plan-batch-rows.ts';
import { planFile } from './plan-file.ts';

const FILE = '__file';
const origin = (name: string, at: string): SourceFile => ({
  sourceNode: 'src',
  key: name,
  uri: `file:///in/${name}`,
  size: 1,
  modifiedAt: new Date(at),
  fingerprint: name,
});
const files = [origin('a.csv', '2026-01-02T03:04:05.678Z'), origin('b.csv', '2025-12-31T23:59:59.999Z'), origin('c.csv', '2026-06-01T00:00:00Z')];

/** Three files read together: a has two rows, b none (a header alone), c one; a source column named like an audit column. */
function readTogether(): BatchedTableItem[] {
  const rows = pl
    .DataFrame({
      id: ['1', '2', '3'],
      _run_id: ['theirs', null, 'x'],
      note: [null, '', 'é'],
      [FILE]: ['/links/0', '/links/0', '/links/2'],
    })
    .lazy();
  return files.map((o, i) => batchTableItem(o, 'csv', { rows, fileColumn: FILE, key: `/links/${i}` }) as BatchedTableItem);
}

const scope = { runId: 'run-1', warn: () => {}, store: { parts: { schemaVersions: () => [] } } } as never;
const ingestedAt = new Date('2026-12-06T10:00:00.123Z');

async function landedAs(frame: { collect(): Promise<pl.DataFrame> }) {
  const df = await frame.collect();
  return { columns: df.columns, dtypes: df.dtypes.map(String), rows: df.toRecords().map((r) => JSON.stringify(r)) };
}

describe('planBatchRows', () => {
  const cases = [
    { schemaMode: 'evolve', latest: undefined },
    { schemaMode: 'rescue', latest: undefined },
    // `id` does not fit the table's Int64: it goes to _rescued_data.
    { schemaMode: 'rescue', latest: { id: 'Int64', note: 'String' } },
  ] as const;
  for (const { schemaMode, latest } of cases) {
    it(`plans files read together as the concat of each planned alone: same columns, order, types and values (${schemaMode}, ${latest ? 'a table' : 'no table'})`, async () => {
      const config = bronzeSinkConfig.parse({ table: 't', schemaMode });
      const items = readTogether();
      const together = await planBatchRows(config, items, scope, new NewTableClaim(), ingestedAt, latest);
      const alone = await Promise.all(items.map((item: TableItem) => planFile(config, item, scope, 't', new NewTableClaim(), ingestedAt, latest)));
      expect(together.origins).toEqual(files);
      expect(together.partColumns).toEqual(alone[0]!.partColumns);
      const concat = pl.concat(
        alone.map((p) => p.frame),
        { how: 'vertical' },
      );
      const got = await landedAs(together.frame);
      expect(got).toEqual(await landedAs(concat));
      expect(got.columns).toEqual(Object.keys(together.partColumns));
      expect(got.rows).toHaveLength(3);
      expect(JSON.parse(got.rows[2]!)).toMatchObject({ _source_file: 'file:///in/c.csv', _run_id: 'run-1' });
      expect(got.columns.includes('id')).toBe(!latest);
    });
  }

  it("plans only the given files' rows when the sink holds part of a read batch", async () => {
    const config = bronzeSinkConfig.parse({ table: 't' });
    const [a, , c] = readTogether();
    const some = await landedAs((await planBatchRows(config, [c!], scope, new NewTableClaim(), ingestedAt, undefined)).frame);
    expect(some.rows.map((r) => JSON.parse(r)._source_file)).toEqual(['file:///in/c.csv']);
    const two = await landedAs((await planBatchRows(config, [c!, a!], scope, new NewTableClaim(), ingestedAt, undefined)).frame);
    expect(two.rows.map((r) => JSON.parse(r)._source_file)).toEqual(['file:///in/a.csv', 'file:///in/a.csv', 'file:///in/c.csv']);
    expect(two.rows.map((r) => JSON.parse(r)._source_modified_at)).toEqual(
      [files[0]!.modifiedAt, files[0]!.modifiedAt, files[2]!.modifiedAt].map((d) => d.toISOString()),
    );
  });

  it('fails the batch, naming no file, where the schema mode refuses its columns (a split names each file)', async () => {
    const config = bronzeSinkConfig.parse({ table: 't', schemaMode: 'strict' });
    const latest = { id: 'String', other: 'Int64' };
    await expect(planBatchRows(config, readTogether(), scope, new NewTableClaim(), ingestedAt, latest)).rejects.toThrow(
      /^3 files read together \(file:\/\/\/in\/a\.csv and others\): /,
    );
  });
});
