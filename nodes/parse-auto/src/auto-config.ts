import { decompressConfig } from '@sluice/sdk/compression';
import { z } from 'zod';

/**
 * parse-auto's own options, plus one object per format (`csv: {...}`, `json: {...}`) holding the
 * options of the plugin that reads it, checked against that plugin's schema when the run opens:
 * parse-auto does not know the formats, the installed plugins with the `detect` facet do.
 */
export const parseAutoConfig = z
  .object({
    format: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'auto, or a format name such as csv')
      .default('auto')
      .meta({
        title: 'Format',
        description:
          'auto: detected per file from magic bytes and content (then the name). Or the name of a format an installed parser detects (csv, json, parquet, xlsx, ...): every file is read as that format.',
      }),
    compressed: z.enum(['decompress', 'fail']).default('decompress').meta({
      title: 'Compressed files',
      description:
        'A gzip or zstd file (by magic bytes): decompress it here while streaming, with the limits below, or fail it with a hint to add a decompress node.',
    }),
    decompress: decompressConfig.prefault({}).meta({
      title: 'Decompression limits',
      description: 'Options of the decompress node (maxDecompressedBytes, maxRatio), used for compressed files.',
      showWhen: { compressed: 'decompress' },
    }),
  })
  .catchall(
    z.record(z.string(), z.unknown()).meta({
      title: 'Format options',
      description: "Under the format's name (csv, json, parquet, xlsx, ...): the options of the parser that reads it, for files read as that format.",
    }),
  );

/** parse-auto's own options, and each format's options under its name (checked by that format's plugin). */
export type ParseAutoConfig = Omit<z.output<typeof parseAutoConfig>, string> & {
  format: string;
  compressed: 'decompress' | 'fail';
  decompress: z.output<typeof decompressConfig>;
  [format: string]: unknown;
};

/** The options a graph gives for a format, if any. */
export function formatOptionsOf(config: ParseAutoConfig, format: string): Record<string, unknown> | undefined {
  return ['format', 'compressed', 'decompress'].includes(format) ? undefined : (config[format] as Record<string, unknown> | undefined);
}
