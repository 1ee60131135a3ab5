import { copyFileSync, cpSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBronzeTable, tableChecksum } from '@sluice/run-examples';
import { runTestGraph } from '@sluice/engine/testing';
import { describe, expect, it } from 'vitest';
import { ARRIVING, COLUMNS, DELIVERED, dayRows, graph } from './generate.ts';

const here = new URL('.', import.meta.url).pathname;
/** A day's file as the partner's upload leaves it: modified at 06:00 UTC that day. */
const deliveredAt = (day: string) => new Date(`${day}T06:00:00Z`);

/**
 * The walk-through of the README with real modification times (a checkout gives every file the same
 * time): a new day is picked up, and a day that arrives late with its original time preserved (older
 * than the watermark, inside the lookback) is not missed.
 */
describe('partner-sales-incremental over several days', () => {
  it('lands each new day once, including a late one with an older modification time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-partner-'));
    cpSync(join(here, 'input'), join(dir, 'input'), { recursive: true });
    for (const day of DELIVERED) utimesSync(join(dir, 'input', `sales_${day}.csv`), deliveredAt(day), deliveredAt(day));
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-partner-data-'));
    const run = () => runTestGraph(graph, { dataDir, graphDir: dir });
    const arrive = (day: string) => {
      const path = join(dir, 'input', `sales_${day}.csv`);
      copyFileSync(join(here, 'arriving', `sales_${day}.csv`), path);
      utimesSync(path, deliveredAt(day), deliveredAt(day));
    };
    const [day7, day8] = ARRIVING as [string, string];

    const first = await run();
    expect(first.summary.errors).toEqual([]);
    expect(first.summary.files).toEqual({ processed: 6, skipped: 0, failed: 0 });

    // Watermark 11-06 06:00, lookback 2 days: 11-04 .. 11-06 are listed (and skipped), older ones not.
    arrive(day8);
    const second = await run();
    expect(second.summary.files).toEqual({ processed: 1, skipped: 3, failed: 0 });
    expect(second.summary.rows).toBe(dayRows(day8).length);

    // 11-07 arrives after 11-08 with its original time (rsync -t): before the watermark, inside the lookback.
    arrive(day7);
    const third = await run();
    expect(third.summary.files).toEqual({ processed: 1, skipped: 2, failed: 0 });
    expect(third.summary.rows).toBe(dayRows(day7).length);

    const all = [...DELIVERED, ...ARRIVING].flatMap(dayRows);
    const { rows } = readBronzeTable(join(dataDir, 'bronze', 'partner_sales'), COLUMNS);
    expect(rows.length).toBe(all.length);
    expect(tableChecksum(rows)).toBe(tableChecksum(all));
  });
});
