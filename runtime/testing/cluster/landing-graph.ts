import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pl from 'nodejs-polars';
import { csvLandingGraph } from '../test-graphs.ts';
import type { ProcessCluster } from './process-cluster.ts';

/** A stored graph landing small CSV files into a Bronze table of its own. */
export interface LandingGraph {
  id: string;
  name: string;
  /** How many files, and rows in each: row r of file i has the id `<name>:<i>:<r>`. */
  files: number;
  rows: number;
  tableUri: string;
}

/**
 * Writes `files` CSV files of `rows` rows into `<input>/<name>` and stores the graph that lands
 * them: source-local -> checkpoint -> parse-csv -> bronze-sink (table `<name>`, or `table` when
 * several graphs share one), `batchFiles` files a commit (small batches: many commits for a kill to
 * fall between).
 */
export async function createLandingGraph(
  c: ProcessCluster,
  name: string,
  files: number,
  o: { rows?: number; batchFiles?: number; table?: string } = {},
): Promise<LandingGraph> {
  const rows = o.rows ?? 5;
  const folder = join(c.input, name);
  mkdirSync(folder);
  for (let i = 0; i < files; i++) {
    const ids = Array.from({ length: rows }, (_, r) => `${name}:${i}:${r}`);
    writeFileSync(join(folder, `f${String(i).padStart(5, '0')}.csv`), `id\n${ids.join('\n')}\n`);
  }
  const table = o.table ?? name;
  const graph = await c.store.graphs.create(csvLandingGraph({ name, folder, root: c.bronze, table, batchFiles: o.batchFiles ?? 2 }));
  return { id: graph.id, name, files, rows, tableUri: pathToFileURL(join(c.bronze, table)).href };
}

/** Files of the graph whose checkpoint says landed. */
export async function landedFiles(c: ProcessCluster, g: LandingGraph): Promise<number> {
  const [row] = await c.db.rows<{ n: string }>(`select count(*) as n from checkpoints where graph_id = $1 and status = 'processed'`, [g.id]);
  return Number(row!.n);
}

/** Every id of the rows the manifest lists (the Bronze table as readers of the manifest see it). */
export async function bronzeIds(c: ProcessCluster, g: LandingGraph): Promise<string[]> {
  const root = fileURLToPath(g.tableUri);
  const parts = await manifestParts(c, g);
  // Named, with the folder's files that carry its name (its pending file, if any): polars says only
  // "No such file or directory".
  const missing = parts.filter((p) => !existsSync(join(root, p)));
  if (missing.length) {
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' });
    const found = missing.map((p) => {
      const name = p.split('/').at(-1)!;
      const near = files.filter((f) => f.includes(name));
      return `${p} (in the folder: ${near.join(', ') || 'nothing of that name'})`;
    });
    throw new Error(`${g.name}: the manifest lists ${missing.length} part(s) the table's folder does not hold: ${found.join('; ')}`);
  }
  const frames = parts.map((p) => pl.readParquet(join(root, p)).select('id'));
  return frames.length ? (pl.concat(frames).getColumn('id').toArray() as string[]) : [];
}

/** The ids the graph's files hold, sorted. */
export function expectedIds(g: LandingGraph): string[] {
  return Array.from({ length: g.files }, (_, i) => Array.from({ length: g.rows }, (_, r) => `${g.name}:${i}:${r}`))
    .flat()
    .sort();
}

/** The parts the table's manifest lists. */
export async function manifestParts(c: ProcessCluster, g: LandingGraph): Promise<string[]> {
  return (await c.store.nodeStore(g.id).parts.paths(g.tableUri)).map((p) => p.path);
}

/** The parquet files in the table's folder, committed or not (hidden temporary files aside). */
export function partFiles(g: LandingGraph): string[] {
  return readdirSync(fileURLToPath(g.tableUri), { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.parquet') && !f.split('/').at(-1)!.startsWith('.'),
  );
}
