import { join, resolve } from 'node:path';
import { zstdDecompressSync } from 'node:zlib';
import type { BronzePart, LandedSample, LandedSampleContext, LandedSampleFacet, LandedSampleRequest } from '@sluice/sdk';
import { parquetReadObjects } from 'hyparquet';
import { bronzeSinkConfig } from './bronze-sink-config.ts';
import { localPartStorage } from './local-part-storage.ts';
import { assertInsideOutputRoots, openS3Table } from './open-storage.ts';
import type { PartStorage } from './part-storage.ts';
import { parseS3Root } from './s3-location.ts';

/** Source files listed per sink and run; the count says how many more there are. */
const MAX_FILES = 200;
/** A text cell longer than this is cut (the sample is for a look, not an export). */
const MAX_CELL_CHARS = 500;
/** A part path as the sink names them: no `..`, no absolute path, nothing a hostile manifest could aim elsewhere. */
const PART_PATH = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9_=.\-/]{1,512}$/;

/** hyparquet decodes snappy itself; the sink writes zstd, which Node decodes. */
const compressors = { ZSTD: (input: Uint8Array) => new Uint8Array(zstdDecompressSync(input)) };

/**
 * bronze-sink's `readsBack`: the parts a run committed to the node's table, as the manifest lists
 * them (a part of a crashed or uncommitted write is never listed), their source files, the table's
 * columns, and the first rows read back from storage (a local folder inside the output roots, or
 * S3 through the endpoint guard), within the host's row and size limits.
 */
export const landedSample: LandedSampleFacet = {
  async sample(rawConfig, req, ctx) {
    const config = bronzeSinkConfig.parse(rawConfig);
    const storage = await openTable(config, ctx);
    try {
      const parts = (await ctx.parts.list(storage.tableUri))
        .filter((p) => p.runId === req.runId)
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      const versions = await ctx.parts.schemaVersions(storage.tableUri);
      const version = versions.find((v) => v.version === parts[0]?.schemaVersion) ?? versions.at(-1);
      const { rows, truncated } = await readRows(storage, parts, req, ctx.signal);
      return {
        table: storage.tableUri,
        rowsLanded: parts.reduce((n, p) => n + p.rows, 0),
        files: parts.slice(0, MAX_FILES).map((p) => ({ sourceNode: p.sourceNode, key: p.sourceKey, rows: p.rows, part: p.path })),
        filesTotal: parts.length,
        columns: Object.entries(version?.columns ?? {}).map(([name, type]) => ({ name, type })),
        rows,
        truncated,
      } satisfies LandedSample;
    } finally {
      await storage.close();
    }
  },
};

async function openTable(config: ReturnType<typeof bronzeSinkConfig.parse>, ctx: LandedSampleContext): Promise<PartStorage> {
  const s3 = parseS3Root(config.root);
  if (s3) return (await openS3Table(config, s3, { secrets: ctx.secrets, access: ctx.access, dataDir: ctx.dirs.data })).storage;
  const tableDir = join(resolve(ctx.dirs.data, config.root), config.table);
  await assertInsideOutputRoots(config.root, tableDir, ctx.access);
  return localPartStorage(tableDir);
}

/**
 * The first rows of the parts in order, until the row limit or the size limit. A part of several
 * files is listed once for each (in path order, so next to each other) and read once, all its rows.
 */
async function readRows(storage: PartStorage, listed: BronzePart[], req: LandedSampleRequest, signal?: AbortSignal) {
  const parts: { path: string; rows: number }[] = [];
  for (const p of listed) {
    const last = parts.at(-1);
    if (last?.path === p.path) last.rows += p.rows;
    else parts.push({ path: p.path, rows: p.rows });
  }
  const rows: Record<string, string | number | boolean | null>[] = [];
  let bytes = 0;
  for (const part of parts) {
    if (rows.length >= req.rows) break;
    signal?.throwIfAborted();
    if (!PART_PATH.test(part.path)) throw new Error(`the manifest lists a part named "${part.path}", which is not a part name the sink writes; not read`);
    const file = await storage.openRanges(part.path);
    if (!file) throw new Error(`part ${part.path} is listed in the manifest but missing from the table's storage`);
    try {
      const read = await parquetReadObjects({
        file: { byteLength: file.size, slice: (start, end = file.size) => file.read(start, end) },
        rowStart: 0,
        rowEnd: Math.min(part.rows, req.rows - rows.length),
        compressors,
      });
      for (const raw of read) {
        const row = jsonRow(raw as Record<string, unknown>);
        const size = Buffer.byteLength(JSON.stringify(row));
        if (bytes + size > req.maxBytes) return { rows, truncated: true };
        bytes += size;
        rows.push(row);
      }
    } finally {
      await file.close();
    }
  }
  const landed = parts.reduce((n, p) => n + p.rows, 0);
  return { rows, truncated: rows.length < landed };
}

/** A row as JSON carries it: big integers past 2^53 and dates as text, bytes and nested values described, long text cut. */
function jsonRow(raw: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = jsonCell(v);
  return out;
}

export function jsonCell(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return `<${v.byteLength} bytes>`;
  const text = typeof v === 'string' ? v : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
}
