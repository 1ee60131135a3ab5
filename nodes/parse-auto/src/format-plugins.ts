import parseCsv from '@sluice/node-parse-csv';
import parseExcel from '@sluice/node-parse-excel';
import parseJson from '@sluice/node-parse-json';
import parseParquet from '@sluice/node-parse-parquet';
import type { AnyNodePlugin } from '@sluice/sdk';
import type { Format } from './detect-format.ts';

/** The plugin that owns each format; parse-auto only picks one (format logic lives in one place). */
export const FORMAT_PLUGINS = {
  csv: parseCsv,
  json: parseJson,
  parquet: parseParquet,
  xlsx: parseExcel,
} satisfies Record<Format, AnyNodePlugin>;
