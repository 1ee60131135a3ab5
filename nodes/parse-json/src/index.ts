import { definePlugin } from '@sluice/sdk';
import type { FileItem, NodeInput } from '@sluice/sdk';
import { detectJson } from './detect-json.ts';
import { ExprCache } from './expr-cache.ts';
import { detectJsonFormat } from './json-format.ts';
import { parseJsonConfig } from './parse-json-config.ts';
import { parseOne, readHead } from './parse-one.ts';
import { READ_TOGETHER, readBatch } from './read-batch.ts';
import { readJsonTogether } from './read-json-together.ts';

export { looksLikeJsonLines, detectJsonFormat } from './json-format.ts';
export type { JsonFormat } from './json-format.ts';
export { parseJsonBytes, RESCUED_COLUMN } from './parse-json-bytes.ts';

export { parseJsonConfig } from './parse-json-config.ts';
export type { ParseJsonConfig } from './parse-json-config.ts';

function fileItemOf(input: NodeInput | null): FileItem {
  if (!input || input.item.kind !== 'file') throw new Error('parse-json reads items from its "files" input');
  return input.item;
}

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
  run: (config, input, ctx) => parseOne(config, fileItemOf(input), ctx),
  batches: readBatch,
  threads: { [READ_TOGETHER]: readJsonTogether },
  async inspect(config, file, scope) {
    const path = await file.localPath(scope.signal);
    const head = await readHead(path);
    const format = detectJsonFormat(head, file.name, config.format);
    return { format, detectedFrom: config.format === 'auto' ? 'content' : 'config', size: file.size ?? null };
  },
});
