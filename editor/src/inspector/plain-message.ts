import type { z } from 'zod';

/**
 * The one place where a schema check's finding becomes words for the person filling in the form:
 * no zod phrasing ("Too small: expected string to have >=1 characters"), no regular expressions.
 * `value` is what the field holds (an emptied required text field holds "").
 */
export function plainMessage(issue: z.core.$ZodIssue, value: unknown): string {
  if (value === undefined || (typeof value === 'string' && value.trim() === '' && issue.code !== 'unrecognized_keys')) return 'Required';
  switch (issue.code) {
    case 'invalid_type':
      return typeMessage(issue.expected);
    case 'too_small':
      return sizeMessage(issue.origin, 'at least', 'more than', Number(issue.minimum), issue.inclusive !== false);
    case 'too_big':
      return sizeMessage(issue.origin, 'at most', 'less than', Number(issue.maximum), issue.inclusive !== false);
    case 'invalid_format':
      if (issue.format === 'regex' && issue.pattern) return describePattern(issue.pattern);
      return `Not a valid ${issue.format.replace(/_/g, ' ')}`;
    case 'not_multiple_of':
      return `Must be a multiple of ${issue.divisor}`;
    case 'invalid_value':
      return `Choose one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `Unknown ${issue.keys.length === 1 ? 'setting' : 'settings'}: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'Not one of the accepted forms';
    default:
      return issue.message;
  }
}

const TYPE_WORDS: Record<string, string> = {
  number: 'Must be a number',
  int: 'Must be a whole number',
  boolean: 'Must be on or off',
  string: 'Must be text',
  array: 'Must be a list',
  object: 'Must be a group of settings',
};

function typeMessage(expected: string): string {
  return TYPE_WORDS[expected] ?? `Must be a ${expected}`;
}

function sizeMessage(origin: string, inclusiveWord: string, exclusiveWord: string, n: number, inclusive: boolean): string {
  const bound = `${inclusive ? inclusiveWord : exclusiveWord} ${n}`;
  if (origin === 'string') return `Must be ${bound} ${n === 1 ? 'character' : 'characters'} long`;
  if (origin === 'array' || origin === 'set') return `Must have ${bound} ${n === 1 ? 'item' : 'items'}`;
  return `Must be ${bound}`;
}

/**
 * A pattern made of character classes (`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`) in words: which
 * characters are allowed, and what the first one must be when that is narrower. Any other
 * pattern: a plain "not in the expected form".
 */
export function describePattern(written: string): string {
  const pattern = /^\/(.*)\/[a-z]*$/s.exec(written)?.[1] ?? written;
  const body = /^\^((?:\[[^\]]+\](?:[+*?]|\{\d*,?\d*\})?)+)\$$/.exec(pattern)?.[1];
  if (!body) return 'Not in the expected form';
  const classes = [...body.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!);
  if (classes.some((c) => c.startsWith('^'))) return 'Not in the expected form';
  const all = characters(classes.join(''));
  const first = characters(classes[0]!);
  const allowed = `Use only ${and(all)}`;
  return classes.length > 1 && first.join() !== all.join() ? `${allowed}, starting with ${or(first.map(singular))}` : allowed;
}

function characters(cls: string): string[] {
  const words: string[] = [];
  let rest = cls.replace(/\\(.)/g, '$1');
  for (const [range, word] of [
    ['A-Z', 'letters'],
    ['a-z', 'letters'],
    ['0-9', 'digits'],
  ] as const) {
    if (rest.includes(range)) {
      rest = rest.replaceAll(range, '');
      if (!words.includes(word)) words.push(word);
    }
  }
  for (const ch of new Set(rest)) words.push(`“${ch}”`);
  return words;
}

const singular = (w: string) => (w === 'letters' ? 'a letter' : w === 'digits' ? 'a digit' : w);
const list = (joiner: string) => (words: string[]) => (words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${joiner} ${words.at(-1)}`);
const and = list('and');
const or = list('or');
