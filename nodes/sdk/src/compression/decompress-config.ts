import { z } from 'zod';
import { DEFAULT_LIMITS, formatBytes } from './size-limits.ts';

/** The limits of a decompression, as a node's config (the decompress node's, parse-auto's `decompress` group). */
export const decompressConfig = z.strictObject({
  maxDecompressedBytes: z
    .number()
    .int()
    .positive()
    .default(DEFAULT_LIMITS.maxDecompressedBytes)
    .meta({
      title: 'Maximum decompressed size (bytes)',
      description: `A file whose decompressed bytes pass this size fails as a decompression bomb (default ${formatBytes(DEFAULT_LIMITS.maxDecompressedBytes)}).`,
    }),
  maxRatio: z
    .number()
    .positive()
    .default(DEFAULT_LIMITS.maxRatio)
    .meta({
      title: 'Maximum compression ratio',
      description: `A file whose decompressed bytes pass this multiple of its compressed bytes fails as a decompression bomb (default ${DEFAULT_LIMITS.maxRatio}; judged after the first 8 MiB of output).`,
    }),
});
