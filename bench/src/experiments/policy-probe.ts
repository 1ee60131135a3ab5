import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Small files holding the values where a reader could land something other than what Sluice's
 * type policy lands (every value as text as written; parse-json's and parse-csv's READMEs). Each
 * is landed by a real graph run and by every variant (all probe files of a format in one batch),
 * and each value that differs from Sluice's is listed. Names sort in batch order: p01 is first.
 */
const JSONL: Record<string, string> = {
  'p01-plain.jsonl': '{"id":"p01","a":1,"s":"x","o":{"k":"v","n":{"d":2.5}},"arr":["a","b"]}\n',
  'p02-numbers.jsonl': '{"id":"p02","one":1.50,"exp":1e20,"whole":1.0,"negzero":-0,"big":12345678901234567890123,"long":0.12345678901234567890123}\n',
  'p03-dates.jsonl': '{"id":"p03","ts":"2024-01-02T03:04:05","d":"2024-01-02","t":"03:04:05"}\n',
  'p04-mixed-arrays.jsonl': '{"id":"p04","m":[1,true],"ms":[1,"a"],"mf":[1,2.5],"o":[{"x":1},{"y":2}]}\n',
  'p05-key-in-a-later-file.jsonl': '{"id":"p05","a":2,"late":"L"}\n',
  'p06-mixed-scalar.jsonl': '{"id":"p06","v":1}\n{"id":"p06b","v":true}\n{"id":"p06c","v":"text"}\n',
  'p07-object-or-scalar.jsonl': '{"id":"p07","w":{"x":2}}\n{"id":"p07b","w":"flat"}\n',
  'p08-strings.jsonl':
    '{"id":"p08","tab":"a\\tb","quote":"say \\"hi\\"","acc":"caf\\u00e9","emoji":"\\ud83d\\ude00","empty":"","nul":null,"arr":["a\\"b","é",null]}\n',
  'p09-key-after-many-rows.jsonl': `${Array.from({ length: 150 }, (_, i) => `{"id":"p09-${i}"}`).join('\n')}\n{"id":"p09-late","later":"kept?"}\n`,
};

const CSV: Record<string, string> = {
  'c01-plain.csv': 'id,a,b\nc01,1,x\n',
  'c02-empty-and-quoted-empty.csv': 'id,a,b\nc02,"",\n',
  'c03-null-words.csv': 'id,a,b\nc03,NULL,"NULL"\n',
  'c04-columns-in-another-order.csv': 'id,b,a\nc04,bee,ay\n',
  'c05-spaces-and-zeros.csv': 'id,a,b\nc05, padded ,007\n',
  'c06-extra-column.csv': 'id,a,b,extra\nc06,1,2,3\n',
  'c07-crlf-and-quotes.csv': 'id,a,b\r\nc07,"line\nbreak","with ""quotes"""\r\n',
};

/**
 * Files every variant can read together (no kind that polars refuses, one CSV header): landed as
 * one batch, they show what a batch changes that a file alone does not (a key first seen in a later
 * file of the batch, p05 after p01).
 */
const TOGETHER = {
  jsonl: ['p01-plain.jsonl', 'p03-dates.jsonl', 'p05-key-in-a-later-file.jsonl', 'p08-strings.jsonl', 'p09-key-after-many-rows.jsonl'],
  csv: ['c01-plain.csv', 'c02-empty-and-quoted-empty.csv', 'c03-null-words.csv', 'c05-spaces-and-zeros.csv'],
};

interface ProbeSet {
  dir: string;
  files: string[];
  /** The subset landed as one batch. */
  together: string[];
}

export interface ProbeFiles {
  jsonl: ProbeSet;
  csv: ProbeSet;
}

export async function writeProbeFiles(root: string): Promise<ProbeFiles> {
  await rm(root, { recursive: true, force: true });
  const write = async (sub: 'jsonl' | 'csv', files: Record<string, string>): Promise<ProbeSet> => {
    const dir = join(root, sub);
    await mkdir(dir, { recursive: true });
    const paths: string[] = [];
    for (const [name, text] of Object.entries(files)) {
      await writeFile(join(dir, name), text);
      paths.push(join(dir, name));
    }
    return { dir, files: paths.sort(), together: TOGETHER[sub].map((n) => join(dir, n)) };
  };
  return { jsonl: await write('jsonl', JSONL), csv: await write('csv', CSV) };
}
