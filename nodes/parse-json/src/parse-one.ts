import { readFile, stat } from 'node:fs/promises';
import { readFileStart } from '@sluice/sdk';
import type { FileItem, NodeContext, NodeMetrics, TableItem } from '@sluice/sdk';
import { censusFile } from './census-file.ts';
import type { ExprCache } from './expr-cache.ts';
import { detectJsonFormat } from './json-format.ts';
import { DETECT_BYTES, parseJsonBytes, withEmptyRescue } from './parse-json-bytes.ts';
import type { ParseJsonConfig } from './parse-json-config.ts';
import { scanJsonLines } from './scan-json-lines.ts';

const MiB = 1024 * 1024;

export const readHead = (path: string): Promise<Buffer> => readFileStart(path, DETECT_BYTES);

/** One file read: its table with its warnings and metrics, or why it has none. */
export type OneRead = { skip: string } | { table: TableItem; warnings: string[]; metrics: NodeMetrics };

/**
 * Reads one file on the main thread: a large JSON Lines file is scanned lazily (streamed by the
 * sink), anything else is read whole (`parseJsonBytes`). Nothing is emitted yet (`emitOne`).
 */
export async function readOne(config: ParseJsonConfig, file: FileItem, ctx: NodeContext<ExprCache>): Promise<OneRead> {
  const path = await file.localPath(ctx.signal);
  const { size } = await stat(path);
  // Glob characters would make polars' scan read other files: such names take the in-memory path.
  // So does a file whose kinds polars would merge or cannot unify (see KindCensus): the in-memory
  // path lands it as written, in the same shape as a small file.
  if (
    size > config.scanAboveMiB * MiB &&
    !/[*?[]/.test(path) &&
    detectJsonFormat(await readHead(path), file.name, config.format) === 'jsonl' &&
    !(await censusFile(path, config, ctx.signal)).coerced
  ) {
    const shaped = scanJsonLines(path, config, ctx.state);
    if (shaped) {
      const frame = config.badLines === 'rescue' ? withEmptyRescue(shaped) : shaped.frame;
      return { table: { kind: 'table', origin: file.origin, format: 'jsonl', frame }, warnings: [], metrics: { bytesIn: size } };
    }
  }
  // A JSON document has to be parsed whole anyway; polars reads the bytes natively from one buffer.
  const bytes = await readFile(path);
  const parsed = parseJsonBytes(bytes, file.name, config, ctx.state);
  if (!parsed) return { skip: 'the file is empty: no JSON records' };
  return {
    table: { kind: 'table', origin: file.origin, format: parsed.format, frame: parsed.frame },
    warnings: parsed.warnings,
    metrics: { rowsIn: parsed.records, bytesIn: bytes.length },
  };
}

/** Hands a file's read on: skipped, or its warnings, metrics and table. */
export async function emitOne(read: OneRead, file: FileItem, ctx: NodeContext<ExprCache>): Promise<void> {
  if ('skip' in read) {
    ctx.skip(read.skip);
    return;
  }
  for (const w of read.warnings) ctx.warn(w, file.origin);
  ctx.metrics(read.metrics);
  await ctx.emit('table', read.table);
}

/** `run`: one file read and handed on. */
export async function parseOne(config: ParseJsonConfig, file: FileItem, ctx: NodeContext<ExprCache>): Promise<void> {
  await emitOne(await readOne(config, file, ctx), file, ctx);
}
