import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventKeyFacts } from './object-event.ts';
import { parseEventBody } from './parse-event-body.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const firstEvent = (text: string) => {
  const body = parseEventBody(text);
  if (body.kind !== 'records') throw new Error(body.kind);
  return body.events[0]!;
};

/** An RGW body with its object's fields replaced (the rest as captured). */
function rgwWith(object: Record<string, unknown>) {
  const json = JSON.parse(fixture('ceph-rgw-object-created.json'));
  json.Records[0].s3.object = { ...json.Records[0].s3.object, ...object };
  return firstEvent(JSON.stringify(json));
}

describe('eventKeyFacts: what an event tells the run of its object', () => {
  it('takes bucket, size and ETag from the real bodies of RGW, MinIO and AWS', () => {
    expect(eventKeyFacts(firstEvent(fixture('ceph-rgw-object-created.json')))).toEqual({
      bucket: 'notif-bucket',
      size: 8,
      etag: 'e5ebd4c02cefbe7955977c67ada242b7',
    });
    expect(eventKeyFacts(firstEvent(fixture('minio-object-created.json')))).toMatchObject({
      bucket: 'uploads',
      size: 8,
      etag: 'e5ebd4c02cefbe7955977c67ada242b7',
    });
    expect(eventKeyFacts(firstEvent(fixture('aws-s3-object-created.json')))).toEqual({
      bucket: 'landing',
      size: 1024,
      etag: 'd41d8cd98f00b204e9800998ecf8427e',
    });
  });

  it('strips the quotes AWS sends around the ETag and keeps a version id', () => {
    expect(eventKeyFacts(rgwWith({ eTag: '"e5ebd4c02cefbe7955977c67ada242b7-3"', versionId: 'AF8Eo7ou.b4SJh2xTZbLwcBtXGH3ycm' }))).toEqual({
      bucket: 'notif-bucket',
      size: 8,
      etag: 'e5ebd4c02cefbe7955977c67ada242b7-3',
      versionId: 'AF8Eo7ou.b4SJh2xTZbLwcBtXGH3ycm',
    });
  });

  it('gives none for an event without a size or an ETag, or with a malformed one: the run then asks the store', () => {
    expect(eventKeyFacts(rgwWith({ size: undefined }))).toBeUndefined();
    expect(eventKeyFacts(rgwWith({ eTag: '' }))).toBeUndefined();
    expect(eventKeyFacts(rgwWith({ eTag: 'e5ebd4c0 OR 1=1' }))).toBeUndefined();
    expect(eventKeyFacts(rgwWith({ versionId: 'v1\u0000' }))).toBeUndefined();
  });
});
