import { describe, expect, it } from 'vitest';
import { describePattern } from './plain-message.ts';

describe('describePattern', () => {
  it('puts a pattern of character classes in words', () => {
    expect(describePattern('/^[A-Za-z0-9_]+$/')).toBe('Use only letters, digits and “_”');
    expect(describePattern('^[a-z][a-z0-9-]*$')).toBe('Use only letters, digits and “-”, starting with a letter');
  });

  it('says less, never the pattern, when the pattern is anything else', () => {
    expect(describePattern('/^[A-Za-z0-9](?:[./][a-z]+)*$/')).toBe('Not in the expected form');
    expect(describePattern('^[^/]+$')).toBe('Not in the expected form');
  });
});
