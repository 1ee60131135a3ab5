import { describe, expect, it } from 'vitest';
import { sourceS3Config } from './source-s3-config.ts';

const issues = (extra: Record<string, unknown>) => {
  const r = sourceS3Config.safeParse({ bucket: 'bucket-a', ...extra });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('source-s3 config: downloads ahead', () => {
  it('defaults to 8 downloads in flight and 64 MiB downloaded ahead', () => {
    expect(sourceS3Config.parse({ bucket: 'bucket-a' })).toMatchObject({ prefetchObjects: 32, prefetchBytes: 64 * 1024 * 1024 });
    expect(sourceS3Config.parse({ bucket: 'bucket-a', prefetchObjects: 1, prefetchBytes: 1024 * 1024 })).toMatchObject({ prefetchObjects: 1 });
  });

  it('refuses a count of 0, negative, fractional or beyond what the client can keep open, saying why', () => {
    expect(issues({ prefetchObjects: 0 })).toContain('prefetchObjects: prefetchObjects must be at least 1 (one download at a time)');
    expect(issues({ prefetchObjects: -4 })).toContain('prefetchObjects: prefetchObjects must be at least 1 (one download at a time)');
    expect(issues({ prefetchObjects: 2.5 }).join('\n')).toMatch(/^prefetchObjects: .*int/im);
    expect(issues({ prefetchObjects: 1e9 })).toContain(
      'prefetchObjects: prefetchObjects may be at most 32: the S3 client keeps at most 50 connections, shared with listings and HeadObject calls',
    );
  });

  it('refuses a byte budget of 0, negative or huge, saying why', () => {
    expect(issues({ prefetchBytes: 0 })).toContain('prefetchBytes: prefetchBytes must be at least 1 MiB (1048576)');
    expect(issues({ prefetchBytes: -1 })).toContain('prefetchBytes: prefetchBytes must be at least 1 MiB (1048576)');
    expect(issues({ prefetchBytes: 2 ** 40 })).toContain('prefetchBytes: prefetchBytes may be at most 1 GiB (1073741824)');
  });
});

describe('source-s3 config: folders listed at once', () => {
  it('defaults to 8 and takes 1 to 16', () => {
    expect(sourceS3Config.parse({ bucket: 'bucket-a' })).toMatchObject({ listConcurrency: 1 });
    expect(sourceS3Config.parse({ bucket: 'bucket-a', listConcurrency: 8 })).toMatchObject({ listConcurrency: 8 });
    expect(sourceS3Config.parse({ bucket: 'bucket-a', listConcurrency: 1 })).toMatchObject({ listConcurrency: 1 });
    expect(sourceS3Config.parse({ bucket: 'bucket-a', listConcurrency: 16 })).toMatchObject({ listConcurrency: 16 });
  });

  it('refuses 0, fractions, and more than the client can keep open beside the downloads, saying why', () => {
    expect(issues({ listConcurrency: 0 })).toContain('listConcurrency: listConcurrency must be at least 1 (one flat listing)');
    expect(issues({ listConcurrency: 1.5 }).join('\n')).toMatch(/^listConcurrency: .*int/im);
    expect(issues({ listConcurrency: 17 })).toContain(
      'listConcurrency: listConcurrency may be at most 16: the S3 client keeps at most 50 connections, shared with downloads',
    );
  });
});
