/** V8's JSON source-text access (Node 21+), not yet in TypeScript's lib. */
interface RawJson {
  readonly rawJSON: string;
}
const json = JSON as unknown as {
  parse(text: string, reviver: (key: string, value: unknown, context: { source?: string }) => unknown): unknown;
  rawJSON(text: string): RawJson;
  isRawJSON(value: unknown): value is RawJson;
};

/**
 * JSON.parse that keeps every number as written: a number becomes a raw-JSON value holding its
 * source text, which `JSON.stringify` writes back unchanged, so `12345678901234567890123`,
 * `0.1000000000000000055511`, `-0` and `1e400` survive as they are instead of being rounded to a
 * double (or to `null` for `1e400`). Use `rawNumber` to tell such a value.
 */
export function parseExactJson(text: string): unknown {
  return json.parse(text, (_key, value, context) => (typeof value === 'number' && context.source !== undefined ? json.rawJSON(context.source) : value));
}

/** The source text of a number read by `parseExactJson`, or undefined for any other value. */
export function rawNumber(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' && json.isRawJSON(value) ? value.rawJSON : undefined;
}
