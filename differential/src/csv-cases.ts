/** One generated CSV file, the parse-csv options it is landed with, and how DuckDB is told to read it. */
export interface CsvCase {
  name: string;
  bytes: Buffer;
  /** parse-csv options; cases with the same options share one graph run. */
  options: Record<string, unknown>;
  /** DuckDB read_csv settings for the same dialect (the delimiter, quote, escape and encoding the file is written in). */
  dialect: { delim: string; quote: string; escape: string; encoding?: 'utf-8' | 'utf-16' | 'latin-1'; nullstr?: string[] };
  /** An encoding DuckDB reads only with its encodings extension (or not at all: UTF-16BE): the reference is DuckDB over TextDecoder's UTF-8 decoding. */
  decodeFirst?: 'windows-1252' | 'utf-16be';
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const RFC = { delim: ',', quote: '"', escape: '"' };

function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return endian === 'le' ? le : Buffer.from(le).swap16();
}

function latin(text: string, table: 'latin1' | 'windows-1252'): Buffer {
  if (table === 'latin1') return Buffer.from(text, 'latin1');
  // The Windows-1252 letters of 0x80-0x9f this generator uses; the rest of Latin-1 is the same.
  const high: Record<string, number> = {
    '€': 0x80,
    '‚': 0x82,
    '„': 0x84,
    '…': 0x85,
    '‘': 0x91,
    '’': 0x92,
    '“': 0x93,
    '”': 0x94,
    '–': 0x96,
    '—': 0x97,
    œ: 0x9c,
    Ÿ: 0x9f,
  };
  return Buffer.from([...text].map((ch) => high[ch] ?? ch.charCodeAt(0)));
}

const text = (name: string, body: string): CsvCase => ({ name, bytes: utf8(body), options: {}, dialect: RFC });
/** Typed cases share one table, where a column name keeps one type: their columns are prefixed with the case's name. */
function typed(name: string, body: string): CsvCase {
  const prefix = name.replace(/\.csv$/, '').replace(/-/g, '_');
  const [header, ...rest] = body.split('\n');
  const named = [
    header!
      .split(',')
      .map((h) => `${prefix}_${h}`)
      .join(','),
    ...rest,
  ].join('\n');
  return { name, bytes: utf8(named), options: { inferTypes: true }, dialect: RFC };
}

/** Files of edge cases, text by default (parse-csv's defaults), typed, in other dialects and encodings. */
export function csvCases(): CsvCase[] {
  return [
    text('simple.csv', 'id,name,city\n1,ana,Berlin\n2,bo,Oslo\n'),
    text('crlf.csv', 'id,name\r\n1,ana\r\n2,bo\r\n'),
    text('cr-only.csv', 'id,name\r1,ana\r2,bo\r'),
    text('no-final-newline.csv', 'id,name\n1,ana\n2,bo'),
    text('quoted-delimiters.csv', 'id,address\n1,"12 Main St, Springfield"\n2,"a,b,,c"\n'),
    text('quoted-newlines.csv', 'id,note\n1,"line one\nline two"\n2,"crlf\r\ninside"\n3,"cr\ronly"\n'),
    text('doubled-quotes.csv', 'id,quote\n1,"she said ""hi"""\n2,""""\n3,"a""b""c"\n'),
    text('empty-vs-null.csv', 'id,a,b,c\n1,,"",x\n2,"",,\n3, ," ",\n'),
    text('empty-header-names.csv', 'id,,name,\n1,a,b,c\n2,d,e,f\n'),
    text('duplicate-header-names.csv', 'a,b,a,a,b\n1,2,3,4,5\n'),
    text('utf8-bom.csv', '\ufeffid,name\n1,ana\n'),
    text('unicode.csv', 'id,text\n1,日本語\n2,😀 emoji\n3,e\u0301 combining\n4,\u200b zero width\n5,Ünïcödé\n'),
    text('whitespace.csv', 'id, spaced name ,x\n1,  leading,trailing  \n2,\t tab \t,\n'),
    text('leading-zeros.csv', 'zip,code\n007,0150\n00000,0\n'),
    text('huge-integers.csv', 'id,big\n1,123456789012345678901234567890\n2,-9223372036854775809\n3,18446744073709551615\n4,9223372036854775807\n'),
    text('nan-infinity.csv', 'id,v\n1,NaN\n2,Infinity\n3,-Infinity\n4,inf\n5,-0\n6,1e308\n7,1e309\n'),
    text('long-decimals.csv', 'id,v\n1,0.12345678901234567890123\n2,3.14159265358979323846264338327950288\n3,1.0000000000000000000001\n'),
    text('short-rows.csv', 'a,b,c\n1,2,3\n4,5\n6\n'),
    text('header-only.csv', 'a,b,c\n'),
    text('one-column.csv', 'only\nx\n\ny\n'),
    text('long-field.csv', `id,long\n1,${'x'.repeat(100_000)}\n2,"${'y,'.repeat(20_000)}"\n`),
    text('formula-like.csv', 'id,v\n1,=1+2\n2,@SUM(A1)\n3,-2+3\n4,+5\n'),
    text('sql-nulls.csv', 'id,v\n1,NULL\n2,null\n3,\\N\n4,NA\n5,n/a\n'),
    typed('typed-integers.csv', 'id,n,big,zip\n1,42,9223372036854775807,007\n2,-17,-9223372036854775808,0150\n3,,0,10115\n'),
    typed('typed-floats.csv', 'id,f,g\n1,1.5,1e10\n2,-0.25,2.5E-3\n3,,1\n4,3.0,-0\n'),
    typed('typed-nan-infinity.csv', 'id,f\n1,1.5\n2,NaN\n3,inf\n4,-inf\n'),
    typed('typed-booleans.csv', 'id,b,c\n1,true,TRUE\n2,false,False\n3,,true\n'),
    typed('typed-huge-integers.csv', 'id,big\n1,123456789012345678901234567890\n2,18446744073709551615\n'),
    typed('typed-long-decimals.csv', 'id,v\n1,0.12345678901234567890123\n2,3.14159265358979323846264338327950288\n'),
    typed('typed-mixed.csv', 'id,v,w\n1,1,1.5\n2,two,x\n3,3,\n'),
    {
      name: 'null-markers.csv',
      bytes: utf8('id,v,w\n1,NULL,\n2,\\N,""\n3,"NULL",null\n4,NA,x\n'),
      options: { nullValues: ['NULL', '\\N'] },
      dialect: { ...RFC, nullstr: ['NULL', '\\N'] },
    },
    { name: 'no-null-markers.csv', bytes: utf8('id,v,w\n1,,""\n2,x,\n'), options: { nullValues: [] }, dialect: { ...RFC, nullstr: [] } },
    { name: 'semicolon.csv', bytes: utf8('id;name;amount\n1;ana;1,50\n2;"bo;b";2\n'), options: { delimiter: ';' }, dialect: { ...RFC, delim: ';' } },
    { name: 'pipe.csv', bytes: utf8('id|name\n1|ana\n2|"b|o"\n'), options: { delimiter: '|' }, dialect: { ...RFC, delim: '|' } },
    {
      name: 'backslash-escapes.csv',
      bytes: utf8('id,v\n1,"say \\"hi\\""\n2,"back\\\\slash"\n3,\\N\n'),
      options: { escape: 'backslash' },
      dialect: { ...RFC, escape: '\\' },
    },
    {
      name: 'utf16le-bom.csv',
      bytes: utf16('id\tname\r\n1\tÜmlaut\r\n2\t日本\r\n', 'le'),
      options: { delimiter: 'tab' },
      dialect: { ...RFC, delim: '\t', encoding: 'utf-16' },
    },
    {
      name: 'utf16be-bom.csv',
      bytes: utf16('id\tname\r\n1\tÜmlaut\r\n2\t日本\r\n', 'be'),
      options: { delimiter: 'tab' },
      dialect: { ...RFC, delim: '\t' },
      decodeFirst: 'utf-16be',
    },
    {
      name: 'latin1.csv',
      bytes: latin('id,name\n1,Müller\n2,Ça va\n3,ñ¿¡\n', 'latin1'),
      options: { encoding: 'iso-8859-1' },
      dialect: { ...RFC, encoding: 'latin-1' },
    },
    {
      name: 'windows1252.csv',
      bytes: latin('id,name\n1,€ 5 – “quoted” …\n2,œuvre Ÿ\n', 'windows-1252'),
      options: { encoding: 'windows-1252' },
      dialect: RFC,
      decodeFirst: 'windows-1252',
    },
  ];
}
