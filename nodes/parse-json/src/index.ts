import { readFile, stat } from 'node:fs/promises';
import { definePlugin, readFileStart } from '@sluice/sdk';
import type { FileItem, NodeInput } from '@sluice/sdk';
import { z } from 'zod';
import { censusFile } from './census-file.ts';
import { ExprCache } from './expr-cache.ts';
import { detectJsonFormat } from './json-format.ts';
import { DETECT_BYTES, parseJsonBytes, withEmptyRescue } from './parse-json-bytes.ts';
import { scanJsonLines } from './scan-json-lines.ts';
import { detectJson } from './detect-json.ts';

const MiB = 1024 * 1024;

export { looksLikeJsonLines, detectJsonFormat } from './json-format.ts';
export type { JsonFormat } from './json-format.ts';
export { parseJsonBytes, RESCUED_COLUMN } from './parse-json-bytes.ts';

export const parseJsonConfig = z.strictObject({
  format: z.enum(['auto', 'json', 'jsonl']).default('auto').meta({
    title: 'Format',
    description: 'auto: a file starting with "[", or one object, is a JSON document; objects one per line (or a .jsonl/.ndjson name) are JSON Lines.',
  }),
  maxDepth: z.number().int().min(0).max(32).default(10).meta({
    title: 'Flatten depth',
    description: 'Levels of nested objects flattened into parent_child columns; deeper objects are kept as JSON text. 0 keeps every object as JSON text.',
  }),
  separator: z.string().min(1).max(4).default('_').meta({ title: 'Separator', description: 'Joins parent and child names of flattened columns.' }),
  arrays: z.enum(['json', 'explode']).default('json').meta({
    title: 'Arrays',
    description:
      'json: an array stays in one cell as JSON text. explode: one row per element (several arrays in one record give every combination; an empty array gives one row with null).',
  }),
  types: z.enum(['strings', 'infer']).default('strings').meta({
    title: 'Value types',
    description:
      'strings: every value is landed as text, exactly as written (lossless; types are decided in Silver). infer: numbers and booleans keep their type; a column of mixed types becomes text.',
  }),
  badLines: z
    .enum(['fail', 'skip', 'rescue'])
    .default('fail')
    .meta({
      title: 'Malformed JSON Lines',
      description:
        'fail: the file fails, naming the line and the cause. skip: bad lines are dropped and counted in a warning. rescue: each bad line is kept as a row whose _rescued_data column holds the raw line.',
      showWhen: { format: ['auto', 'jsonl'] },
    }),
  scanAboveMiB: z
    .number()
    .min(0)
    .default(32)
    .meta({
      title: 'Scan lazily above (MiB)',
      description: 'JSON Lines files larger than this are scanned lazily and streamed to the sink instead of being read into memory.',
      showWhen: { format: ['auto', 'jsonl'] },
    }),
});
export type ParseJsonConfig = z.output<typeof parseJsonConfig>;

function fileItemOf(input: NodeInput | null): FileItem {
  if (!input || input.item.kind !== 'file') throw new Error('parse-json reads items from its "files" input');
  return input.item;
}

const readHead = (path: string): Promise<Buffer> => readFileStart(path, DETECT_BYTES);

export default definePlugin({
  type: 'parse-json',
  version: 1,
  category: 'parse',
  title: 'Parse JSON',
  description: 'Parses JSON documents and JSON Lines into tables: nested objects flattened, arrays kept or exploded, bad lines failed, skipped or rescued.',
  icon: 'braces',
  detect: detectJson,
  config: parseJsonConfig,
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: { table: { kind: 'table', title: 'Table' } },
  concurrency: 2,
  // One expression cache per run: files of one schema share their plan's expressions.
  open: () => new ExprCache(),
  async run(config, input, ctx) {
    const file = fileItemOf(input);
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
  },
  async inspect(config, file, scope) {
    const path = await file.localPath(scope.signal);
    const head = await readHead(path);
    const format = detectJsonFormat(head, file.name, config.format);
    return { format, detectedFrom: config.format === 'auto' ? 'content' : 'config', size: file.size ?? null };
  },
});
