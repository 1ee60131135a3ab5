import { describe, expect, it } from 'vitest';
import { runKeyFacts } from './run-key-facts.ts';

const v = (key: string, etag: string, extra: Record<string, unknown> = {}) => ({
  bucket: 'landing',
  key,
  size: 10,
  etag,
  versionId: null,
  ...extra,
});
const A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

describe("runKeyFacts: a run's key facts from the events linked to it", () => {
  it('gives each key the version its events named', () => {
    expect(runKeyFacts([v('a.csv', A), v('b.csv', B, { versionId: 'v2' })])).toEqual({
      'a.csv': { bucket: 'landing', size: 10, etag: A },
      'b.csv': { bucket: 'landing', size: 10, etag: B, versionId: 'v2' },
    });
  });

  it('gives none to a key whose events named different versions (batched into one run), or one without usable facts', () => {
    const facts = runKeyFacts([
      v('a.csv', A),
      v('a.csv', B),
      v('b.csv', A),
      v('b.csv', A, { versionId: 'v9' }),
      v('c.csv', 'xyz'),
      v('d.csv', A),
      v('d.csv', A),
    ]);
    expect(facts).toEqual({ 'd.csv': { bucket: 'landing', size: 10, etag: A } });
  });

  it('gives none when one of two events for a key had no facts', () => {
    expect(runKeyFacts([v('a.csv', A), v('a.csv', A, { etag: null })])).toEqual({});
    expect(runKeyFacts([v('a.csv', A, { bucket: 'other' }), v('a.csv', A)])).toEqual({});
  });

  it('keeps a key named "__proto__" as an own entry', () => {
    const facts = runKeyFacts([v('__proto__', A)]);
    expect(Object.hasOwn(facts, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(facts)).toBe(Object.prototype);
  });
});
