import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, type FileItem } from '@sluice/sdk';
import { parseAutoConfig, type ParseAutoConfig } from './auto-config.ts';
import { detectorsOf, formatReaders, optionsFor, type FormatReader } from './format-readers.ts';
import { resolveFormat, type Resolved } from './resolve-format.ts';
import { subContext, subScope } from './sub-context.ts';

export { detectFormat, formatOfName, type Detection, type Detector } from './detect-format.ts';
export { parseAutoConfig, type ParseAutoConfig } from './auto-config.ts';

type Readers = Map<string, FormatReader>;

function describe(r: Resolved): string {
  const via = r.compression ? `, after ${r.compression} decompression` : '';
  return `read as ${r.format} (detected from ${r.from}${via})`;
}

export default definePlugin({
  type: 'parse-auto',
  version: 1,
  category: 'parse',
  title: 'Parse (auto-detect)',
  description:
    "Detects each file's format from magic bytes and content, also when the extension is wrong (gzip/zstd decompressed first), and parses it with the installed parser that detects that format: CSV, JSON/JSONL, Parquet, xlsx, and any plugin's.",
  icon: 'wand',
  autoDetects: true,
  config: parseAutoConfig,
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: { table: { kind: 'table', title: 'Table' } },
  concurrency: 2,
  async open(config, scope): Promise<Readers> {
    const readers = formatReaders(config, scope);
    for (const r of readers.values()) {
      if (r.plugin.open) r.state = await r.plugin.open(optionsFor(r), scope);
    }
    return readers;
  },
  async close(config, scope, status) {
    for (const r of scope.state?.values() ?? []) {
      if (r.plugin.close) await r.plugin.close(optionsFor(r), subScope(scope, r.state), status);
    }
  },
  async run(config, input, ctx) {
    const item = input!.item as FileItem;
    const readers = ctx.state;
    const detectors = [...readers.values()].map((r) => r.plugin);
    const r = await resolveFormat(item, config, detectors, (name) => ctx.tempPath(name), ctx.signal);
    ctx.log.info(`${item.name}: ${describe(r)}`, { format: r.format, detectedFrom: r.from, compression: r.compression });
    if (r.nameSays) ctx.warn(`${item.origin.uri}: ${describe(r)}, although its name says ${r.nameSays}`);
    const reader = readers.get(r.format)!;
    await reader.plugin.run(optionsFor(reader, r.options), { port: 'files', item: r.file }, subContext(ctx, reader.state));
  },
  async inspect(config: ParseAutoConfig, file, scope) {
    const readers = formatReaders(config, scope);
    // A preview has no file temp folder: a private one holds a decompressed copy, if any.
    const dir = await mkdtemp(join(tmpdir(), 'sluice-auto-inspect-'));
    try {
      const r = await resolveFormat(file, config, detectorsOf(scope), async (name) => join(dir, name), scope.signal);
      const reader = readers.get(r.format)!;
      const meta = reader.plugin.inspect ? await reader.plugin.inspect(optionsFor(reader, r.options), r.file, scope) : {};
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
