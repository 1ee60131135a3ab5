import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import { localPartStorage } from './src/local-part-storage.ts';
import { frameColumns } from './src/frame-columns.ts';
const dir = mkdtempSync(join(tmpdir(), 'prof2-'));
writeFileSync(join(dir, 'a.csv'), 'x,y\n1,a\n2,b\n');
const st = localPartStorage(join(dir, 't'));
const T: Record<string, number> = {};
const tick = async (k: string, f: () => Promise<unknown>) => { const t = performance.now(); const r = await f(); T[k] = (T[k] ?? 0) + performance.now() - t; return r; };
for (let i = 0; i < 30; i++) {
  const frame = pl.scanCSV(join(dir, 'a.csv'));
  await tick('cols', () => frameColumns(frame));
  const staged = await st.stage(`d/p${i}.parquet`);
  await tick('sinkSync', () => frame.sinkParquet(staged, { compression: 'zstd', syncOnClose: 'all' }).collect());
  await tick('sinkNoSync', () => frame.sinkParquet(staged + 'x', { compression: 'zstd' }).collect());
  await tick('count', () => pl.scanParquet(staged).select(pl.len()).collect());
  await tick('publish', () => st.publish(staged, `d/p${i}.parquet`));
}
for (const [k, v] of Object.entries(T)) console.log(k, (v / 30).toFixed(1), 'ms');
