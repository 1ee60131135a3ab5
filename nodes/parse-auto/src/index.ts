import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, type AnyNodePlugin, type FileItem } from '@sluice/sdk';
import { parseAutoConfig, type ParseAutoConfig } from './auto-config.ts';
import { FORMATS, type Format } from './detect-format.ts';
import { FORMAT_PLUGINS } from './format-plugins.ts';
import { resolveFormat, type Resolved } from './resolve-format.ts';
import { subContext, subScope } from './sub-context.ts';

export { detectFormat, formatOfName, FORMATS, type Format, type Detection } from './detect-format.ts';
export { parseAutoConfig, type ParseAutoConfig } from './auto-config.ts';

type States = Partial<Record<Format, unknown>>;

const pluginOf = (format: Format): AnyNodePlugin => FORMAT_PLUGINS[format];

function describe(r: Resolved): string {
  const via = r.compression ? `, after ${r.compression} decompression` : '';
  return `read as ${r.format} (detected from ${r.from}${via})`;
}

export default definePlugin({
  type: 'parse-auto',
  version: 1,
  category: 'parse',
  title: 'Parse (auto-detect)',
  description: 'Detects each file\'s format (CSV, JSON/JSONL, Parquet, xlsx; gzip/zstd decompressed first) from magic bytes and content, also when the extension is wrong, and parses it with that format\'s plugin.',
  icon: 'wand',
  config: parseAutoConfig,
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: { table: { kind: 'table', title: 'Table' } },
  concurrency: 2,
  async open(config, scope): Promise<States> {
    const states: States = {};
    for (const f of FORMATS) {
      const p = pluginOf(f);
      if (p.open) states[f] = await p.open(config[f], scope);
    }
    return states;
  },
  async close(config, scope, status) {
    for (const f of FORMATS) {
      const p = pluginOf(f);
      if (p.close) await p.close(config[f], subScope(scope, scope.state?.[f]), status);
    }
  },
  async run(config, input, ctx) {
    const item = input!.item as FileItem;
    const r = await resolveFormat(item, config, (name) => ctx.tempPath(name), ctx.signal);
    ctx.log.info(`${item.name}: ${describe(r)}`, { format: r.format, detectedFrom: r.from, compression: r.compression });
    if (r.nameSays) ctx.warn(`${item.origin.uri}: ${describe(r)}, although its name says ${r.nameSays}`);
    await pluginOf(r.format).run(config[r.format], { port: 'files', item: r.file }, subContext(ctx, ctx.state?.[r.format]));
  },
  async inspect(config: ParseAutoConfig, file, scope) {
    // A preview has no file temp folder: a private one holds a decompressed copy, if any.
    const dir = await mkdtemp(join(tmpdir(), 'sluice-auto-inspect-'));
    try {
      const r = await resolveFormat(file, config, async (name) => join(dir, name), scope.signal);
      const p = pluginOf(r.format);
      const meta = p.inspect ? await p.inspect(config[r.format], r.file, scope) : {};
      return {
        format: r.format,
        ...meta,
        detectedFormat: r.format,
        detectedFrom: r.from,
        compression: r.compression ?? 'none',
        ...(r.nameSays ? { extensionSays: r.nameSays } : {}),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
});
