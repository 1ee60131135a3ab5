import { pipeline } from 'node:stream';
import { DeleteObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { EndpointNotAllowedError, EndpointUnreachableError, errorMessage, type RunAccess, type SecretResolver } from '@sluice/sdk';
import { createS3Client, type SourceS3Config } from '@sluice/node-source-s3/s3-client';
import type { IncomingUpload } from './read-upload.ts';
import { sizeLimit } from './size-limit.ts';
import { SourceRequestError } from './source-request-error.ts';

/** A source-s3 node's parsed config, as its client takes it. */
export type { SourceS3Config };

export interface S3Landing {
  config: SourceS3Config;
  secrets: SecretResolver;
  /** The runtime's trust boundary: the endpoints a private address is allowed for. */
  access: RunAccess;
  overwrite: boolean;
  maxBytes: number;
  signal?: AbortSignal;
}

/** Parts of 8 MiB, four in flight: memory stays at ~32 MiB per upload whatever the file size. */
const PART_SIZE = 8 * 1024 * 1024;

/**
 * Puts an upload into a source-s3 node's bucket under its prefix, with the client the source itself
 * builds (endpoint, path style, the node's named credentials). lib-storage streams it: one PutObject
 * for a small file, a multipart upload otherwise (aborted if the upload fails), so the object appears
 * whole or not at all. Without `overwrite` an existing key is refused first (S3 has no portable
 * create-only write for multipart uploads, so two uploads racing for one new name may both land).
 */
export async function landS3Upload(upload: IncomingUpload, o: S3Landing): Promise<{ key: string; size: number }> {
  const { bucket, prefix } = o.config;
  const key = prefix + upload.name;
  const client = await createS3Client(o.config, { secrets: o.secrets, access: o.access }).catch((err) => {
    throw new SourceRequestError(422, 'nodeId', `cannot connect to s3://${bucket}: ${errorMessage(err)}`);
  });
  try {
    if (!o.overwrite && (await objectExists(client, bucket, key))) {
      throw new SourceRequestError(409, 'file', `s3://${bucket}/${key} already exists; send ?overwrite=true to replace it`);
    }
    const limit = sizeLimit(o.maxBytes);
    const body = pipeline(upload.stream, limit, () => {});
    const put = new Upload({ client, params: { Bucket: bucket, Key: key, Body: body }, partSize: PART_SIZE, queueSize: 4, leavePartsOnError: false });
    o.signal?.addEventListener('abort', () => void put.abort(), { once: true });
    try {
      await put.done();
    } catch (err) {
      if (limit.errored) throw limit.errored;
      throw s3Failure(bucket, key, err);
    }
    try {
      await upload.finished;
    } catch (err) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => {});
      throw err;
    }
    return { key, size: limit.bytes() };
  } finally {
    client.destroy();
  }
}

async function objectExists(client: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404) return false;
    throw s3Failure(bucket, key, err);
  }
}

function s3Failure(bucket: string, key: string, err: unknown): SourceRequestError {
  if (err instanceof EndpointNotAllowedError || err instanceof EndpointUnreachableError) return new SourceRequestError(422, 'nodeId', `cannot write s3://${bucket}/${key}: ${err.message}`);
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const why = e.name === 'NoSuchBucket' ? 'the bucket does not exist' : status === 403 ? `access denied (${e.name}): check the node's credentials` : errorMessage(err);
  return new SourceRequestError(422, 'nodeId', `cannot write s3://${bucket}/${key}: ${why}${status ? ` (HTTP ${status})` : ''}`);
}
