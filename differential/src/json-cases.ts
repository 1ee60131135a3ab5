/** One generated JSON or JSON Lines file, landed with parse-json's defaults. */
export interface JsonCase {
  name: string;
  bytes: Buffer;
  options: Record<string, unknown>;
}

const lines = (...records: string[]) => `${records.join('\n')}\n`;
const json = (name: string, text: string): JsonCase => ({ name, bytes: Buffer.from(text, 'utf8'), options: {} });

/** Documents and JSON Lines with the edge cases of flattening, numbers, strings and nulls. */
export function jsonCases(): JsonCase[] {
  return [
    json('records.json', '[{"id": 1, "name": "ana", "score": 1.5, "ok": true}, {"id": 2, "name": "bo", "score": null, "ok": false}]'),
    json('one-object.json', '{\n  "id": 7,\n  "name": "pretty",\n  "tags": ["a", "b"]\n}\n'),
    json('lines.jsonl', lines('{"id": 1, "name": "ana"}', '{"id": 2, "name": "bo"}', '', '{"id": 3, "extra": "late column"}')),
    json('crlf-bom.jsonl', `\ufeff${'{"id": 1, "v": "x"}\r\n{"id": 2, "v": "y"}\r\n'}`),
    json('nested.jsonl', lines('{"id": 1, "a": {"b": {"c": 1, "d": "x"}, "e": true}}', '{"id": 2, "a": {"b": {"c": 2}}}', '{"id": 3, "a": null}')),
    json('deep.jsonl', lines(`{"id": 1, "l1": ${'{"n": '.repeat(12)}"bottom"${'}'.repeat(12)}}`)),
    json(
      'arrays.jsonl',
      lines(
        '{"id": 1, "nums": [1, 2, 3], "strs": ["a", "b"], "objs": [{"x": 1}, {"x": 2}], "empty": []}',
        '{"id": 2, "nums": [], "strs": ["c"], "objs": [], "empty": []}',
      ),
    ),
    json(
      'mixed-arrays.jsonl',
      lines('{"id": 1, "bn": [1, true], "sn": ["a", 1], "nn": [1, null]}', '{"id": 2, "bn": [false, 2.5], "sn": [2, "b"], "nn": [null]}'),
    ),
    json('mixed-arrays-doc.json', '[{"id": 1, "bn": [true, 0]}, {"id": 2, "bn": [1, false]}]'),
    json('empty-vs-null.jsonl', lines('{"id": 1, "s": "", "n": null}', '{"id": 2, "s": "x"}', '{"id": 3, "s": null, "n": ""}')),
    json('huge-integers.jsonl', lines('{"id": 1, "big": 9223372036854775807}', '{"id": 2, "big": -9223372036854775808}', '{"id": 3, "big": 9007199254740993}')),
    json('beyond-int64.jsonl', lines('{"id": 1, "big": 123456789012345678901234567890}', '{"id": 2, "big": 18446744073709551615}')),
    json(
      'floats.jsonl',
      lines(
        '{"id": 1, "f": 1.0}',
        '{"id": 2, "f": 1e2}',
        '{"id": 3, "f": 0.1}',
        '{"id": 4, "f": -0.0}',
        '{"id": 5, "f": 1.7976931348623157e308}',
        '{"id": 6, "f": 5e-324}',
      ),
    ),
    json('long-decimals.jsonl', lines('{"id": 1, "f": 0.12345678901234567890123}', '{"id": 2, "f": 3.14159265358979323846264338327950288}')),
    json('mixed-scalars.jsonl', lines('{"id": 1, "v": 1}', '{"id": 2, "v": "two"}', '{"id": 3, "v": true}', '{"id": 4, "v": 4.5}')),
    json('object-or-scalar.jsonl', lines('{"id": 1, "a": {"b": 1}}', '{"id": 2, "a": 2}')),
    json(
      'unicode.jsonl',
      lines('{"id": 1, "s": "caf\\u00e9 \\ud83d\\ude00"}', '{"id": 2, "s": "tab\\tnewline\\nquote\\"back\\\\slash"}', '{"id": 3, "s": "日本語"}'),
    ),
    json('odd-keys.jsonl', lines('{"id": 1, "": "empty key", "a b": "space", "a.b": "dot", "é": "accent"}')),
    json(
      'objects-with-other-keys.jsonl',
      lines(
        '{"id": 1, "objs": [{"x": 1}, {"y": "b", "z": null}], "deep": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": {"j": {"k": 1}}}}}}}}}}}}',
        '{"id": 2, "objs": [{"y": "c"}], "deep": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": {"j": {"l": 2}}}}}}}}}}}}',
      ),
    ),
    json('empty-object.jsonl', lines('{"id": 1, "o": {}}', '{"id": 2, "o": {"k": 1}}')),
  ];
}
