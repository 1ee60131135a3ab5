import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runTestGraph } from '@sluice/runtime/testing';
const dir = mkdtempSync(join(tmpdir(), 'prof-'));
process.env.SLUICE_ALLOWED_ROOTS = dir;
mkdirSync(join(dir, 'in'));
const N = Number(process.argv[2] ?? 100);
for (let i = 0; i < N; i++) writeFileSync(join(dir, 'in', `f${i}.csv.gz`), gzipSync(`x,y\n${i},a\n${i},b\n`));
const node = (type: string, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x: 0, y: 0 }, config });
const withSink = process.argv[3] !== 'nosink';
const doc: any = { format: 'sluice-graph', version: 1, name: 'p', nodes: { src: node('source-local', { folder: join(dir, 'in') }), cp: node('checkpoint', {}), gz: node('decompress', {}), csv: node('parse-csv', {}) },
  edges: [ { from: { node: 'src', port: 'files' }, to: { node: 'cp', port: 'files' } }, { from: { node: 'cp', port: 'files' }, to: { node: 'gz', port: 'files' } }, { from: { node: 'gz', port: 'files' }, to: { node: 'csv', port: 'files' } } ] };
if (withSink) { doc.nodes.sink = node('bronze-sink', { root: join(dir, 'bronze'), table: 't' }); doc.edges.push({ from: { node: 'csv', port: 'table' }, to: { node: 'sink', port: 'table' } }); }
let t = performance.now();
const r = await runTestGraph(doc, { dataDir: join(dir, 'data') });
console.log(N, withSink ? 'sink' : 'nosink', r.summary.files, Math.round(performance.now() - t), 'ms');
t = performance.now();
const r2 = await runTestGraph(doc, { dataDir: join(dir, 'data') });
console.log('second', r2.summary.files, Math.round(performance.now() - t), 'ms');
