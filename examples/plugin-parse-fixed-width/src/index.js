// A Sluice node plugin shipped as an ordinary npm package, in plain JavaScript: no build, no fork of
// Sluice. `zod` and `nodejs-polars` are peer dependencies: the runtime provides its own copies, so the
// table this node emits lives in the same polars library as the Bronze sink that writes it.
import pl from 'nodejs-polars';
import { z } from 'zod';
import { detectFixedWidth } from './detect-fixed-width.js';

const column = z.strictObject({
  name: z.string().min(1).meta({ title: 'Column name' }),
  start: z.number().int().min(0).meta({ title: 'Start', description: 'Offset of the first character, from 0.' }),
  width: z.number().int().min(1).meta({ title: 'Width', description: 'Number of characters.' }),
});

const config = z.strictObject({
  columns: z
    .array(column)
    .min(1, 'list at least one column')
    .default([{ name: 'line', start: 0, width: 1_000_000 }])
    .meta({ title: 'Columns', description: 'Each column as a name, a start offset and a width, in characters.' }),
  skipLines: z.number().int().min(0).default(0).meta({ title: 'Lines to skip', description: 'Header or banner lines before the first record.' }),
  trim: z.boolean().default(true).meta({ title: 'Trim spaces', description: 'Remove the padding around each value.' }),
});

// Fixed-width files have no separator and no quoting: read each line whole as one text column by
// choosing control characters that do not occur in text as separator and quote.
const LINE = 'column_1';
const NO_SEPARATOR = '\x1f';
const NO_QUOTE = '\x1e';

export default {
  type: 'parse-fixed-width',
  version: 1,
  category: 'parse',
  title: 'Parse fixed-width',
  description: 'Parses fixed-width text (mainframe and bank exports) into a table of text columns cut at given offsets.',
  icon: 'file-text',
  detect: detectFixedWidth,
  config,
  inputs: { files: { kind: 'files', title: 'Text files' } },
  outputs: { table: { kind: 'table', title: 'Rows' } },
  concurrency: 2,
  async run(cfg, input, ctx) {
    const item = input.item;
    const path = await item.localPath(ctx.signal);
    const lines = pl.scanCSV(path, { hasHeader: false, sep: NO_SEPARATOR, quoteChar: NO_QUOTE, skipLines: cfg.skipLines, schema: { [LINE]: pl.Utf8 } });
    const frame = lines.select(
      cfg.columns.map((c) => {
        const cut = pl.col(LINE).str.slice(c.start, c.width);
        return (cfg.trim ? cut.str.strip() : cut).alias(c.name);
      }),
    );
    if (item.size !== undefined) ctx.metrics({ bytesIn: item.size });
    await ctx.emit('table', { kind: 'table', origin: item.origin, format: 'fixed-width', frame });
  },
};
