import { z } from 'zod';

/** Named delimiters; any other single character is used as it is. */
export const DELIMITER_PRESETS: Record<string, string> = { comma: ',', tab: '\t', pipe: '|', semicolon: ';' };

export const CSV_ENCODINGS = ['utf-8', 'iso-8859-1', 'windows-1252'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

export const parseCsvConfig = z.strictObject({
  delimiter: z
    .string()
    .default(',')
    .refine((v) => v === 'auto' || v in DELIMITER_PRESETS || [...v].length === 1, {
      message: 'must be one character, or one of comma, tab, pipe, semicolon, auto',
    })
    .meta({
      title: 'Delimiter',
      description: 'One character (e.g. "," ";" "|" or a tab), a name (comma, tab, pipe, semicolon), or auto (guessed from the first lines among , ; tab |).',
    }),
  encoding: z.enum(CSV_ENCODINGS).default('utf-8').meta({
    title: 'Encoding',
    description:
      'Text encoding of the file. UTF-8 may start with a BOM (it is dropped). ISO-8859-1 and Windows-1252 are transcoded to UTF-8 while streaming, before parsing.',
  }),
  quote: z.enum(['"', "'", 'none']).default('"').meta({
    title: 'Quote character',
    description: 'Character that encloses fields holding delimiters, quotes or line breaks; none turns quoting off.',
  }),
  escape: z.enum(['doubled', 'backslash']).default('doubled').meta({
    title: 'Escape',
    description: 'How a quote is written inside a quoted field: doubled ("") as in RFC 4180, or backslash (\\"; \\\\ is a backslash).',
  }),
  skipRows: z.number().int().min(0).default(0).meta({
    title: 'Lines to skip before the header',
    description: 'Lines of preamble (titles, report dates) above the header row, skipped as raw lines.',
  }),
  header: z.boolean().default(true).meta({
    title: 'Header row',
    description: 'The first row (after skipped lines) holds column names. Without it, columns are named column_1, column_2, ...',
  }),
  nullValues: z.array(z.string()).default(['']).meta({
    title: 'Null markers',
    description:
      'Unquoted field values read as null, e.g. NULL, \\N, NA. The empty string "" means an empty unquoted field is null. A quoted field is text: "" stays an empty string and "NULL" the text NULL.',
  }),
  trimWhitespace: z.boolean().default(false).meta({
    title: 'Trim whitespace',
    description: 'Remove leading and trailing whitespace from every value and header name (values before null markers are matched).',
  }),
  inferTypes: z.boolean().default(false).meta({
    title: 'Infer types',
    description:
      'Off (default): every column is text, so no value is ever changed or lost. On: integer, float and boolean columns are typed when every value of the whole file fits; a column with any value that does not fit stays text, with a warning.',
  }),
  inferRows: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1000)
    .meta({
      title: 'Rows used to guess types',
      description: 'With inferTypes: rows read to propose a type per column (every row is still checked before a type is kept).',
      showWhen: { inferTypes: true },
    }),
  batchFiles: z.number().int().min(1).max(1000).default(200).meta({
    title: 'Files read at once at most',
    description:
      'Small files (up to 64 KiB) of one dialect and header that arrive together are read in one scan, each keeping its own table; a bad one is found by reading the batch again in halves. 1 reads every file on its own.',
  }),
  batchMiB: z.number().min(1).max(1024).default(16).meta({
    title: 'Source MiB per batch at most',
    description: 'A batch closes at this many MiB of files; a file at least this big is read on its own.',
  }),
  batchLingerMs: z.number().int().min(0).max(5000).default(50).meta({
    title: 'Wait for a batch (ms)',
    description: 'How long the first file of a batch waits for others to join it: more gives larger batches; less hands a lone file on sooner.',
  }),
});

export type ParseCsvConfig = z.output<typeof parseCsvConfig>;
