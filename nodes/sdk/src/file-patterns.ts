import picomatch from 'picomatch';

/**
 * A matcher for keys from glob patterns, shared by the sources so that a pattern means the same in a
 * folder and in a bucket: keys are '/'-separated and relative to the source's folder or S3 prefix.
 * A key is matched when any positive pattern matches it and no `!negated` pattern does (picomatch
 * given a list ORs every pattern, which would make a negation match nearly everything). Patterns
 * without a '/' match the file name at any depth, so `*.csv.gz` finds nested files too.
 */
export function compilePatterns(patterns: readonly string[]): (key: string) => boolean {
  const positive = patterns.filter((p) => !p.startsWith('!'));
  const negative = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const include = positive.length ? anyOf(positive) : () => true;
  const exclude = negative.length ? anyOf(negative) : () => false;
  return (key) => include(key) && !exclude(key);
}

function anyOf(patterns: string[]): (key: string) => boolean {
  const matchers = patterns.map((p) => {
    const m = picomatch(p, { dot: false });
    if (p.includes('/')) return m;
    return (key: string) => m(key.slice(key.lastIndexOf('/') + 1));
  });
  return (key) => matchers.some((m) => m(key));
}
