import { describe, expect, it } from 'vitest';
import { cleanEtag, keyFactsOf } from './key-facts.ts';

const md5 = '9a0364b9e99bb480dd25e1f0284c8555';
const good = { bucket: 'landing', size: 12, etag: md5 };

describe('keyFactsOf: what an event says of an object, taken only when well formed', () => {
  it('takes bucket, size, ETag (quotes dropped) and version id', () => {
    expect(keyFactsOf(good)).toEqual(good);
    expect(keyFactsOf({ ...good, etag: `"${md5}"` })).toEqual(good);
    expect(keyFactsOf({ ...good, etag: `${md5}-12` })).toEqual({ ...good, etag: `${md5}-12` });
    expect(keyFactsOf({ ...good, versionId: 'AF8Eo7ou.b4SJh2xTZbLwcBtXGH3ycm' })).toEqual({ ...good, versionId: 'AF8Eo7ou.b4SJh2xTZbLwcBtXGH3ycm' });
    expect(keyFactsOf({ ...good, size: 0 })).toEqual({ ...good, size: 0 });
    // Fields a store adds are not facts, and not carried.
    expect(keyFactsOf({ ...good, sequencer: '0A1B', metadata: [] })).toEqual(good);
  });

  it('reads AWS "null" and RGW "" version ids as none', () => {
    expect(keyFactsOf({ ...good, versionId: 'null' })).toEqual(good);
    expect(keyFactsOf({ ...good, versionId: '' })).toEqual(good);
    expect(keyFactsOf({ ...good, versionId: null })).toEqual(good);
  });

  it.each([
    ['no size', { bucket: 'b', etag: md5 }],
    ['no ETag', { bucket: 'b', size: 1 }],
    ['no bucket', { size: 1, etag: md5 }],
    ['an empty ETag (RGW after some multipart uploads)', { ...good, etag: '""' }],
    ['a size as a string', { ...good, size: '12' }],
    ['a negative size', { ...good, size: -1 }],
    ['a fractional size', { ...good, size: 1.5 }],
    ['a size over 5 TiB', { ...good, size: 5 * 1024 ** 4 + 1 }],
    ['a size that is not finite', { ...good, size: Number.POSITIVE_INFINITY }],
    ['an ETag that is not hex', { ...good, etag: 'not-an-etag' }],
    ['an ETag with a header injection', { ...good, etag: `${md5}"\r\nX-Evil: 1` }],
    ['an ETag with a weak prefix', { ...good, etag: `W/"${md5}"` }],
    ['an ETag of 129 hex digits', { ...good, etag: 'a'.repeat(129) }],
    ['a part count of 0', { ...good, etag: `${md5}-0` }],
    ['a part count over 99999', { ...good, etag: `${md5}-100000` }],
    ['an ETag as a number', { ...good, etag: 12345 }],
    ['a version id with a space', { ...good, versionId: 'v 1' }],
    ['a version id with a control character', { ...good, versionId: 'v\n1' }],
    ['a version id beyond ASCII', { ...good, versionId: 'vé' }],
    ['a version id of 1,025 characters', { ...good, versionId: 'v'.repeat(1025) }],
    ['a version id as a number', { ...good, versionId: 7 }],
    ['a bucket of 256 characters', { ...good, bucket: 'b'.repeat(256) }],
  ])('refuses %s', (_what, raw) => {
    expect(keyFactsOf(raw)).toBeUndefined();
  });

  it('refuses what is not an object', () => {
    for (const raw of [undefined, null, 'facts', 12, [good]]) expect(keyFactsOf(raw)).toBeUndefined();
  });
});

describe('cleanEtag', () => {
  it('drops quotes and blanks; an empty ETag is none', () => {
    expect(cleanEtag(`"${md5}"`)).toBe(md5);
    expect(cleanEtag(' "" ')).toBeUndefined();
    expect(cleanEtag(undefined)).toBeUndefined();
  });
});
