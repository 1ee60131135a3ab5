import { describe, expect, it } from 'vitest';
import { linesAsArray } from './lines-as-array.ts';

const join = (s: string) => linesAsArray(Buffer.from(s))?.toString() ?? null;

describe('linesAsArray', () => {
  it('joins non-blank lines into one array, whatever the line ends', () => {
    expect(join('{"a":1}\r\n\n  {"a":"x\\ny}"} \n\t\n{"a":3}')).toBe('[{"a":1},{"a":"x\\ny}"},{"a":3}]');
    expect(join('\n\n')).toBe('[]');
  });

  it('refuses lines that are not exactly one object, so broken lines cannot merge into a record', () => {
    expect(join('{"a":[1\n2]}\n')).toBeNull();
    expect(join('{"a":1},{"b":2}\n')).toBeNull();
    expect(join('[1,2]\n')).toBeNull();
    expect(join('{"a":1}\n5\n')).toBeNull();
  });
});
