import { S3_BUCKET_NAME } from '@sluice/sdk';

export interface S3Location {
  bucket: string;
  /** Key prefix of the table, without a trailing slash (`bronze/sales`). */
  prefix: string;
}

/**
 * `s3://bucket/some/prefix` as bucket and prefix; undefined when the root is not an S3 URI. A
 * bucket that breaks S3's naming rule is refused here: the bucket can become part of the host name
 * (virtual-hosted addressing), and `s3://user@host:port/` must not read as a bucket.
 */
export function parseS3Root(root: string): S3Location | undefined {
  const m = /^s3:\/\/([^/]*)\/?(.*)$/i.exec(root);
  if (!m) return undefined;
  const bucket = m[1]!;
  if (!S3_BUCKET_NAME.test(bucket))
    throw new Error(`Bronze root "${root}": "${bucket}" is not an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens)`);
  return { bucket, prefix: m[2]!.replace(/\/+$/, '') };
}
