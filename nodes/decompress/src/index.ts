import { definePlugin, type FileItem } from '@sluice/sdk';
import { decompressConfig, decompressedFile, detectCompression, readHead } from '@sluice/sdk/compression';

const LOOKS_COMPRESSED = /\.(gz|gzip|zst|zstd)$/i;

export default definePlugin({
  type: 'decompress',
  version: 1,
  category: 'decompress',
  title: 'Decompress',
  description: 'Decompresses gzip (multi-member) and zstd (multi-frame) files while streaming, detected by magic bytes; other files pass through untouched.',
  icon: 'archive',
  config: decompressConfig,
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: { files: { kind: 'files', title: 'Decompressed files' } },
  concurrency: 4,
  async run(config, input, ctx) {
    const item = input!.item as FileItem;
    const compression = detectCompression(await readHead(item, 4, ctx.signal));
    if (!compression) {
      if (LOOKS_COMPRESSED.test(item.name))
        ctx.warn(`${item.name} is named like a compressed file but its bytes are not gzip or zstd; passed through as it is`);
      await ctx.emit('files', item);
      return;
    }
    ctx.log.info(`${item.name}: ${compression} detected from magic bytes`, { compression });
    const out = decompressedFile(
      item,
      compression,
      config,
      (name) => ctx.tempPath(name),
      (bytes) => ctx.metrics({ bytesOut: bytes }),
    );
    await ctx.emit('files', out);
  },
});
