import decompress from '@sluice/node-decompress';
import { z } from 'zod';
import { FORMATS } from './detect-format.ts';
import { FORMAT_PLUGINS } from './format-plugins.ts';

const { csv, json, parquet, xlsx } = FORMAT_PLUGINS;

export const parseAutoConfig = z.strictObject({
  format: z
    .enum(['auto', ...FORMATS])
    .default('auto')
    .meta({
      title: 'Format',
      description: 'auto: detected per file from magic bytes and content (then the name). csv, json, parquet or xlsx: every file is read as that format.',
    }),
  compressed: z
    .enum(['decompress', 'fail'])
    .default('decompress')
    .meta({
      title: 'Compressed files',
      description: 'A gzip or zstd file (by magic bytes): decompress it here while streaming, with the limits below, or fail it with a hint to add a decompress node.',
    }),
  decompress: decompress.config.prefault({}).meta({
    title: 'Decompression limits',
    description: 'Options of the decompress node (maxDecompressedBytes, maxRatio), used for compressed files.',
    showWhen: { compressed: 'decompress' },
  }),
  csv: csv.config.prefault({ delimiter: 'auto' }).meta({
    title: 'CSV options',
    description: 'Options of the parse-csv node for files read as CSV (the delimiter defaults to auto here).',
  }),
  json: json.config.prefault({}).meta({ title: 'JSON options', description: 'Options of the parse-json node for files read as JSON or JSON Lines.' }),
  parquet: parquet.config.prefault({}).meta({ title: 'Parquet options', description: 'Options of the parse-parquet node for files read as Parquet.' }),
  xlsx: xlsx.config.prefault({}).meta({ title: 'Excel options', description: 'Options of the parse-excel node for files read as xlsx workbooks.' }),
});

export type ParseAutoConfig = z.output<typeof parseAutoConfig>;
