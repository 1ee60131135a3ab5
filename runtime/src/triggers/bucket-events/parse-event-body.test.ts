import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEventKey } from './decode-event-key.ts';
import { EventBodyError, MAX_RECORDS, parseEventBody } from './parse-event-body.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseEventBody on real bodies', () => {
  it('Ceph RGW: the key is taken as is', () => {
    const body = parseEventBody(fixture('ceph-rgw-object-created.json'));
    expect(body).toEqual({
      kind: 'records',
      envelope: 'direct',
      events: [
        {
          source: 'ceph',
          eventName: 'ObjectCreated:Put',
          bucket: 'notif-bucket',
          key: 'incoming/report 1.csv',
          size: 8,
          etag: 'e5ebd4c02cefbe7955977c67ada242b7',
          sequencer: '9CD9076B1CD9BA0A',
          eventTime: '2026-11-26T07:02:52.178355Z',
        },
      ],
    });
  });

  it('MinIO: the query-escaped key is decoded and the s3: prefix dropped', () => {
    const body = parseEventBody(fixture('minio-object-created.json'));
    if (body.kind !== 'records') throw new Error(body.kind);
    expect(body.events[0]).toMatchObject({ source: 'minio', eventName: 'ObjectCreated:Put', bucket: 'uploads', key: 'incoming/report 1.csv' });
  });

  it('AWS: the form-encoded key is decoded, a literal plus kept', () => {
    const body = parseEventBody(fixture('aws-s3-object-created.json'));
    if (body.kind !== 'records') throw new Error(body.kind);
    expect(body.events[0]).toMatchObject({ source: 'aws', bucket: 'landing', key: 'partner/sales 2024-01-15 + final.csv', sequencer: '0055AED6DCD90281E5' });
  });

  it('AWS through SNS: the Message string is unwrapped', () => {
    const sns = { Type: 'Notification', MessageId: 'm1', TopicArn: 'arn:aws:sns:us-east-1:1:landing', Message: fixture('aws-s3-object-created.json') };
    const body = parseEventBody(JSON.stringify(sns));
    expect(body).toMatchObject({ kind: 'records', envelope: 'sns', events: [{ key: 'partner/sales 2024-01-15 + final.csv' }] });
  });

  it('SNS subscription confirmation and the S3 test event are told apart', () => {
    const confirm = {
      Type: 'SubscriptionConfirmation',
      TopicArn: 'arn:t',
      Message: 'You have chosen...',
      SubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription',
    };
    expect(parseEventBody(JSON.stringify(confirm))).toEqual({
      kind: 'sns-subscription',
      type: 'SubscriptionConfirmation',
      topicArn: 'arn:t',
      subscribeUrl: confirm.SubscribeURL,
    });
    expect(parseEventBody(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'landing' }))).toMatchObject({ kind: 'test' });
  });
});

describe('parseEventBody on hostile bodies', () => {
  const record = JSON.parse(fixture('ceph-rgw-object-created.json')).Records[0];
  it.each([
    ['not JSON', '{"Records": [', /not valid JSON/],
    ['a list', '[]', /must be a JSON object/],
    ['no Records', '{"hello": 1}', /Records: must be a list/],
    ['no records', '{"Records": []}', /empty/],
    ['a record without a key', JSON.stringify({ Records: [{ ...record, s3: { ...record.s3, object: { size: 1 } } }] }), /Records\.0\.s3\.object\.key/],
    ['an unknown source', JSON.stringify({ Records: [{ ...record, eventSource: 'gcs' }] }), /Records\.0\.eventSource: unknown event source "gcs"/],
    [
      'a broken encoding',
      JSON.stringify({ Records: [{ ...record, eventSource: 'minio:s3', s3: { ...record.s3, object: { key: 'a%ZZ' } } }] }),
      /not validly URL-encoded/,
    ],
    ['too many records', JSON.stringify({ Records: Array(MAX_RECORDS + 1).fill(record) }), /at most 1000/],
    ['an SNS message whose Message is not JSON', JSON.stringify({ Type: 'Notification', TopicArn: 't', Message: 'hi' }), /SNS Message is not valid JSON/],
  ])('%s', (_what, text, message) => {
    expect(() => parseEventBody(text)).toThrow(EventBodyError);
    expect(() => parseEventBody(text)).toThrow(message);
  });
});

describe('decodeEventKey', () => {
  it('decodes MinIO and AWS keys, never RGW keys', () => {
    expect(decodeEventKey('minio', 'a%2Fb+c%2B%25.csv')).toBe('a/b c+%.csv');
    expect(decodeEventKey('aws', 'a/b+c%2B.csv')).toBe('a/b c+.csv');
    expect(decodeEventKey('ceph', 'a/b+c%2B.csv')).toBe('a/b+c%2B.csv');
  });
});
