import { type BucketWatch, compilePatterns } from '@sluice/sdk';

/**
 * What a source-s3 node listens to for bucket events, read from its config as stored in the graph
 * (not yet checked: a graph may be saved half-done). Prefix and pattern defaults are the schema's
 * (`''` and `['**\/*']`), and keys are matched exactly as a run matches them (patterns on the key
 * relative to the prefix), so an event starts a run only for an object the run will take.
 */
export function bucketWatch(config: unknown): BucketWatch {
  const { bucket, prefix = '', patterns = ['**/*'] } = (config ?? {}) as { bucket?: unknown; prefix?: unknown; patterns?: unknown };
  if (typeof bucket !== 'string' || typeof prefix !== 'string' || !Array.isArray(patterns) || patterns.some((p) => typeof p !== 'string')) {
    throw new Error('the S3 source config has no valid bucket, prefix and patterns');
  }
  const matches = compilePatterns(patterns as string[]);
  return { bucket, prefix, takes: (key) => key.startsWith(prefix) && matches(key.slice(prefix.length)) };
}
