import { DeleteObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { errorMessage, type IncomingFile, type LandingContext, LandingError } from '@sluice/sdk';
import { createS3Client, isS3NotFound, s3ErrorMessage } from '@sluice/sdk/s3';
import type { SourceS3Config } from './source-s3-config.ts';

/** Parts of 8 MiB, four in flight: memory stays at ~32 MiB per upload whatever the file size. */
const PART_SIZE = 8 * 1024 * 1024;

/**
 * Puts an upload into the node's bucket under its prefix, with the client a run of the node builds
 * (endpoint checked against the allowed endpoints, path style, the node's named credentials).
 * lib-storage streams it: one PutObject for a small file, a multipart upload otherwise (aborted if
 * the upload fails), so the object appears whole or not at all. Without `overwrite` an existing key
 * is refused first (S3 has no portable create-only write for multipart uploads, so two uploads
 * racing for one new name may both land).
 */
export async function landS3Upload(config: SourceS3Config, file: IncomingFile, o: LandingContext): Promise<{ key: string }> {
  const { bucket, prefix } = config;
  const key = prefix + file.name;
  const client = await createS3Client(config, { secrets: o.secrets, access: o.access }).catch((err) => {
    throw new LandingError('unavailable', `cannot connect to s3://${bucket}: ${errorMessage(err)}`);
  });
  try {
    if (!o.overwrite && (await objectExists(client, bucket, key))) {
      throw new LandingError('exists', `s3://${bucket}/${key} already exists; send ?overwrite=true to replace it`);
    }
    const put = new Upload({ client, params: { Bucket: bucket, Key: key, Body: file.stream }, partSize: PART_SIZE, queueSize: 4, leavePartsOnError: false });
    o.signal?.addEventListener('abort', () => void put.abort(), { once: true });
    try {
      await put.done();
    } catch (err) {
      // The host's size limit or a broken request body: the stream says why, not the store.
      if (file.stream.errored) throw file.stream.errored;
      throw cannotWrite(bucket, key, err);
    }
    try {
      await file.finished;
    } catch (err) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => {});
      throw err;
    }
    return { key };
  } finally {
    client.destroy();
  }
}

async function objectExists(client: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (err) {
    if (isS3NotFound(err)) return false;
    throw cannotWrite(bucket, key, err);
  }
}

const cannotWrite = (bucket: string, key: string, err: unknown) =>
  new LandingError('unavailable', `cannot write s3://${bucket}/${key}: ${s3ErrorMessage(err)}`);
