import { readFile, stat } from 'node:fs/promises';
import { readFileStart } from '@sluice/sdk';
import type { FileItem, NodeContext } from '@sluice/sdk';
import { censusFile } from './census-file.ts';
import type { ExprCache } from './expr-cache.ts';
import { detectJsonFormat } from './json-format.ts';
import { DETECT_BYTES, parseJsonBytes, withEmptyRescue } from './parse-json-bytes.ts';
import type { ParseJsonConfig } from './parse-json-config.ts';
import { scanJsonLines } from './scan-json-lines.ts';

const MiB = 1024 * 1024;

export const readHead = (path: string): Promise<Buffer> => readFileStart(path, DETECT_BYTES);

/**
 * Reads one file on the main thread and emits its table: a large JSON Lines file is scanned lazily
 * (streamed by the sink), anything else is read whole (`parseJsonBytes`).
 */
export async function parseOne(config: ParseJsonConfig, file: FileItem, ctx: NodeContext<ExprCache>): Promise<void> {
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
      ctx.metrics({ bytesIn: size });
      const table = config.badLines === 'rescue' ? withEmptyRescue(shaped) : shaped.frame;
      await ctx.emit('table', { kind: 'table', origin: file.origin, format: 'jsonl', frame: table });
      return;
    }
  }
  // A JSON document has to be parsed whole anyway; polars reads the bytes natively from one buffer.
  const bytes = await readFile(path);
  const parsed = parseJsonBytes(bytes, file.name, config, ctx.state);
  if (!parsed) {
    ctx.skip('the file is empty: no JSON records');
    return;
  }
  for (const w of parsed.warnings) ctx.warn(w, file.origin);
  ctx.metrics({ rowsIn: parsed.records, bytesIn: bytes.length });
  await ctx.emit('table', { kind: 'table', origin: file.origin, format: parsed.format, frame: parsed.frame });
}
