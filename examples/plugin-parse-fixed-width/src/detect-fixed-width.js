// Detection for auto parsers (parse-auto): the plugin's `detect` facet. Narrow on purpose, so that it
// never takes a CSV file: text with no separator or quote at all (no tab , ; | "), at least three
// lines, and at least three columns set apart by gutters: character positions blank on every line.
// The columns it finds (named from the first line) are the options it suggests for that file.

const MIN_LINES = 3;
const MIN_COLUMNS = 3;
const MAX_LINES = 50;
// Sluice's DETECTION_CONFIDENCE.layout: above any text (CSV, 10), below JSON structure (50).
const LAYOUT = 30;

/** Columns as { start, end } from gutters: positions blank on every line. */
function columnsOf(lines) {
  const width = Math.max(...lines.map((l) => l.length));
  const columns = [];
  for (let i = 0; i < width; i++) {
    const blank = lines.every((l) => i >= l.length || l[i] === ' ');
    const open = columns.at(-1);
    if (blank) continue;
    if (open && open.end === i) open.end = i + 1;
    else columns.push({ start: i, end: i + 1 });
  }
  return columns;
}

function sniff(head) {
  if (head.includes(0)) return undefined;
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '');
  if (/[\t,;|"]/.test(text)) return undefined;
  const all = text.split(/\r?\n/);
  // The last line may be cut off by the end of the head.
  const lines = all
    .slice(0, head.length >= 8192 ? -1 : undefined)
    .filter((l) => l.trim() !== '')
    .slice(0, MAX_LINES);
  if (lines.length < MIN_LINES) return undefined;
  const columns = columnsOf(lines);
  if (columns.length < MIN_COLUMNS) return undefined;
  const filled = (l) => columns.filter((c) => l.slice(c.start, c.end).trim() !== '').length;
  if (!lines.every((l) => filled(l) >= 2)) return undefined;
  const names = columns.map((c, i) => lines[0].slice(columns[i].start, columns[i + 1]?.start).trim());
  const header = names.every((n) => n !== '' && !/^[-+]?[\d.,]+$/.test(n)) && new Set(names).size === names.length;
  return {
    confidence: LAYOUT,
    from: `content (${columns.length} aligned columns)`,
    options: {
      columns: columns.map((c, i) => ({
        name: header ? names[i] : `column_${i + 1}`,
        start: c.start,
        width: (columns[i + 1]?.start ?? 1_000_000) - c.start,
      })),
      skipLines: header ? 1 : 0,
    },
  };
}

export const detectFixedWidth = {
  format: 'fixed-width',
  extensions: ['fwf'],
  sniff,
};
