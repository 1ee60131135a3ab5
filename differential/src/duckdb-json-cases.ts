/**
 * JSON Lines files where DuckDB's `read_json` (every leaf VARCHAR, structure given) could land
 * something other than parse-json's own way (polars, or JavaScript for what polars cannot hold):
 * the values of the batch-readers policy probe (bench/src/experiments/policy-probe.ts) and the edge
 * cases around them. `duckdb` says whether parse-json's DuckDB route must take the file (`reads`:
 * it lands the same), leave it to the polars way (`refused`), or take it and see DuckDB refuse it
 * (`fails`: the polars way then reads it, and says what is wrong); the test checks each.
 */
export interface DuckdbJsonCase {
  name: string;
  text: string;
  duckdb: 'reads' | 'refused' | 'fails';
}

const lines = (...records: string[]) => `${records.join('\n')}\n`;
const reads = (name: string, text: string): DuckdbJsonCase => ({ name, text, duckdb: 'reads' });
const refused = (name: string, text: string): DuckdbJsonCase => ({ name, text, duckdb: 'refused' });
const fails = (name: string, text: string): DuckdbJsonCase => ({ name, text, duckdb: 'fails' });

/** A seeded generator (mulberry32), so that the float sweep is the same in every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` float literals with 1 to 17 significant digits whose first digit's power of ten is within
 * `powers`, written plainly (`0.000123`) or with an exponent (`1.23e-4`), always with a point or an
 * exponent (a float, never an integer), some negative.
 */
export function floatLiterals(seed: number, count: number, powers: [number, number]): string[] {
  const next = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = int(1, 17);
    const digits = String(int(1, 9)) + Array.from({ length: n - 1 }, () => String(int(0, 9))).join('');
    const power = int(powers[0], powers[1]);
    const sign = next() < 0.2 ? '-' : '';
    if (next() < 0.3) {
      out.push(`${sign}${digits[0]}.${digits.slice(1) || '0'}e${power}`);
      continue;
    }
    // Plain: the point after power + 1 digits (padded with zeros either side).
    const text = power >= 0 ? `${digits.padEnd(power + 1, '0').slice(0, power + 1)}.${digits.slice(power + 1) || '0'}` : `0.${'0'.repeat(-power - 1)}${digits}`;
    out.push(`${sign}${text}`);
  }
  return out;
}

/** The cases, one file each (names sort in the order given). */
export function duckdbJsonCases(): DuckdbJsonCase[] {
  const inRange = floatLiterals(20261207, 1500, [-4, 14]);
  const below = floatLiterals(7, 40, [-12, -5]);
  const above = floatLiterals(8, 40, [15, 30]);
  const cases = [
    // The policy probe's files (policy-probe.ts), as they are.
    reads('p01-plain.jsonl', '{"id":"p01","a":1,"s":"x","o":{"k":"v","n":{"d":2.5}},"arr":["a","b"]}\n'),
    refused(
      'p02-numbers.jsonl',
      '{"id":"p02","one":1.50,"exp":1e20,"whole":1.0,"negzero":-0,"big":12345678901234567890123,"long":0.12345678901234567890123}\n',
    ),
    reads('p03-dates.jsonl', '{"id":"p03","ts":"2024-01-02T03:04:05","d":"2024-01-02","t":"03:04:05"}\n'),
    refused('p04-mixed-arrays.jsonl', '{"id":"p04","m":[1,true],"ms":[1,"a"],"mf":[1,2.5],"o":[{"x":1},{"y":2}]}\n'),
    reads('p05-key-in-a-later-file.jsonl', '{"id":"p05","a":2,"late":"L"}\n'),
    refused('p06-mixed-scalar.jsonl', '{"id":"p06","v":1}\n{"id":"p06b","v":true}\n{"id":"p06c","v":"text"}\n'),
    refused('p07-object-or-scalar.jsonl', '{"id":"p07","w":{"x":2}}\n{"id":"p07b","w":"flat"}\n'),
    reads(
      'p08-strings.jsonl',
      '{"id":"p08","tab":"a\\tb","quote":"say \\"hi\\"","acc":"caf\\u00e9","emoji":"\\ud83d\\ude00","empty":"","nul":null,"arr":["a\\"b","é",null]}\n',
    ),
    reads('p09-key-after-many-rows.jsonl', `${Array.from({ length: 150 }, (_, i) => `{"id":"p09-${i}"}`).join('\n')}\n{"id":"p09-late","later":"kept?"}\n`),
    // Numbers, one kind of question per file.
    reads('q01-decimals.jsonl', lines('{"v":1.50}', '{"v":1.0}', '{"v":0.1}', '{"v":123.45}', '{"v":-0.0}', '{"v":0.0}', '{"v":1e2}', '{"v":1.5E3}')),
    reads('q02-integers.jsonl', lines('{"v":0}', '{"v":-1}', '{"v":922337203685477580}', '{"v":-922337203685477580}', '{"v":9007199254740993}')),
    refused('q02b-int64-limits.jsonl', lines('{"v":9223372036854775807}', '{"v":-9223372036854775808}')),
    refused('q03-negative-zero.jsonl', lines('{"v":-0}')),
    refused('q04-beyond-int64.jsonl', lines('{"v":18446744073709551615}', '{"v":12345678901234567890123}')),
    refused('q05-long-decimal.jsonl', lines('{"v":0.12345678901234567890123}')),
    refused('q06-overflow.jsonl', lines('{"v":1e400}')),
    refused('q07-small-float.jsonl', lines('{"v":0.00001}', '{"v":1e-7}')),
    refused('q08-large-float.jsonl', lines('{"v":1e16}', '{"v":1e20}')),
    refused('q09-large-float-in-array.jsonl', lines('{"v":[1e20,2.5]}')),
    refused('q10-integers-and-floats.jsonl', lines('{"v":1}', '{"v":2.5}')),
    refused('q11-integers-and-floats-in-array.jsonl', lines('{"v":[1,2.5]}')),
    reads('q12-floats-in-arrays.jsonl', lines('{"v":[1.5,2.25,-0.001,100.0]}', '{"v":[]}', '{"v":null}')),
    reads('q13-floats-in-range.jsonl', lines(...inRange.map((f, i) => `{"i":${i},"v":${f}}`))),
    reads(
      'q14-floats-in-range-in-arrays.jsonl',
      lines(...inRange.map((f, i) => `{"i":${i},"v":[${f},${inRange[(i + 1) % inRange.length]}],"o":[{"f":${f}}]}`)),
    ),
    refused('q15-floats-below-range.jsonl', lines(...below.map((f) => `{"v":${f}}`))),
    refused('q16-floats-above-range.jsonl', lines(...above.map((f) => `{"v":${f}}`))),
    // Words that are not JSON: DuckDB reads them, polars and JSON.parse refuse them.
    refused('r01-nan.jsonl', lines('{"v":NaN}')),
    refused('r02-infinity.jsonl', lines('{"v":Infinity}', '{"v":-Infinity}')),
    refused('r03-trailing-comma.jsonl', lines('{"v":1,}')),
    refused('r04-trailing-comma-in-array.jsonl', lines('{"v":[1,2,]}')),
    // Strings.
    reads(
      's01-escapes.jsonl',
      lines(
        '{"v":"caf\\u00e9 \\ud83d\\ude00"}',
        '{"v":"tab\\tnewline\\nquote\\"back\\\\slash\\/"}',
        '{"v":"日本語"}',
        '{"v":"\\u0000\\u0001\\u001f\\u007f\\u2028"}',
      ),
    ),
    reads('s02-escapes-in-json-text.jsonl', lines('{"v":["caf\\u00e9","\\ud83d\\ude00","\\t\\n\\r\\b\\f","\\u0001","q\\"b\\\\","\\u2028","a\\/b"]}')),
    refused('s03-lone-surrogate.jsonl', lines('{"v":"\\ud800"}')),
    reads('s04-numbers-as-strings.jsonl', lines('{"v":"1e20"}', '{"v":"-0"}', '{"v":"0.00001"}', '{"v":"NaN"}')),
    // Objects and arrays.
    reads('t01-nested.jsonl', lines('{"id":1,"a":{"b":{"c":1,"d":"x"},"e":true}}', '{"id":2,"a":{"b":{"c":2}}}', '{"id":3,"a":null}')),
    reads('t02-deep.jsonl', lines(`{"id":1,"l1":${'{"n":'.repeat(12)}"bottom"${'}'.repeat(12)}}`)),
    reads(
      't03-arrays.jsonl',
      lines('{"id":1,"nums":[1,2,3],"strs":["a","b"],"objs":[{"x":1},{"x":2}],"empty":[]}', '{"id":2,"nums":[],"strs":["c"],"objs":[],"empty":[]}'),
    ),
    reads('t04-arrays-of-arrays.jsonl', lines('{"v":[[1,2],[3],[]],"w":[[{"a":"x"}]]}')),
    reads('t05-nulls.jsonl', lines('{"id":1,"s":"","n":null,"o":{"k":null}}', '{"id":2,"s":"x"}', '{"id":3,"s":null,"n":null}')),
    refused('t06-empty-object.jsonl', lines('{"id":1,"o":{}}')),
    reads('t07-empty-object-beside-keys.jsonl', lines('{"id":1,"o":{}}', '{"id":2,"o":{"k":1}}')),
    refused('t08-key-order-in-json-text.jsonl', lines('{"v":[{"a":1,"b":2},{"b":3,"a":4}]}')),
    refused('t09-missing-key-in-json-text.jsonl', lines('{"v":[{"a":1},{"b":2}]}')),
    reads('t10-key-order-in-flattened-objects.jsonl', lines('{"o":{"a":1,"b":2}}', '{"o":{"b":3,"a":4}}')),
    refused('t11-duplicate-key.jsonl', lines('{"v":1,"v":2}')),
    refused('t12-keys-equal-but-for-case.jsonl', lines('{"a":1,"A":2}')),
    refused('t13-empty-key.jsonl', lines('{"":1,"a":2}')),
    reads('t14-odd-keys.jsonl', lines('{"a b":"space","a.b":"dot","é":"accent","q\\"k":"quote","it\'s":"apostrophe","filename":"mine"}')),
    refused('t15-flattened-name-clash.jsonl', lines('{"a":{"b":1},"a_b":2}')),
    reads('t16-objects-deeper-than-max-depth.jsonl', lines(`{"d":${'{"x":'.repeat(11)}{"k":1.5,"s":"v"}${'}'.repeat(11)}}`)),
    refused('t17-object-and-array.jsonl', lines('{"v":{"a":1}}', '{"v":[1]}')),
    // Kinds that differ between files of one batch: each file keeps its own (polars, given the
    // files' lines at once, would land `1` as `1.0` beside `2.5`, and `o` one way for both).
    reads('m01-integer.jsonl', lines('{"v":1,"o":{"k":"v"}}')),
    reads('m02-float.jsonl', lines('{"v":2.5,"o":{"k":"w"}}')),
    reads('m03-object-here.jsonl', lines('{"v":"x","o":{"k":"v","n":{"d":2.5}}}')),
    reads('m04-string-there.jsonl', lines('{"v":"y","o":"flat"}')),
    reads('m05-array-there.jsonl', lines('{"v":"z","o":[{"k":"v"}]}')),
    // W2's records (bench/src/generate/jsonl-rows.ts).
    reads(
      'w2-events.jsonl',
      lines(
        '{"id":1,"event":"view","ts":"2025-10-23T18:18:04","user":{"id":9427,"name":"Jürgen Okafor","address":{"city":"Lyon","country":"FR"}},"tags":["a","b"],"items":[{"sku":"SKU-1234","qty":3,"price":12.34}],"amount":456.78,"ok":true,"note":"w \\"x\\", y"}',
        '{"id":2,"event":"buy","ts":"2025-10-24T01:02:03","user":{"id":1,"name":"Ana Li","address":{"city":"Oslo","country":"NO"}},"tags":[],"items":[],"amount":null,"ok":false,"note":null}',
      ),
    ),
    // Lines and bytes around the records.
    reads('u01-crlf-and-blank-lines.jsonl', '{"v":"a"}\r\n\r\n  \n{"v":"b"}\r\n'),
    refused('u02-bom.jsonl', `\ufeff${lines('{"v":"a"}')}`),
    fails('u03-bad-line.jsonl', lines('{"v":"a"}', '{"v" 1}')),
    refused('u04-not-an-object.jsonl', lines('{"v":"a"}', '[1,2]')),
    reads('u05-bare-values.jsonl', lines('{"t":true,"f":false,"n":null}')),
  ];
  return cases;
}
