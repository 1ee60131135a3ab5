import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';

/** The largest object one CopyObject copies (S3's limit); larger ones are copied in ranges. */
const SINGLE_COPY_MAX = 5 * 1024 ** 3;
/** One UploadPartCopy range above that: a 10 GB part takes 20 requests, far under S3's 10,000 parts. */
const COPY_PART = 512 * 1024 ** 2;
const PARQUET = 'application/vnd.apache.parquet';

/**
 * Copies an object within a bucket on the server, no byte passing through this process: one
 * CopyObject up to 5 GiB, else a multipart upload of UploadPartCopy ranges (aborted when one fails).
 * The copy appears whole under `to` or not at all. `limits` are S3's (smaller ones test the ranges).
 */
export async function copyObject(
  client: S3Client,
  bucket: string,
  from: string,
  to: string,
  size: number,
  limits = { singleCopyMax: SINGLE_COPY_MAX, copyPart: COPY_PART },
): Promise<void> {
  const source = `${bucket}/${from.split('/').map(encodeURIComponent).join('/')}`;
  if (size <= limits.singleCopyMax) {
    await client.send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: source, ContentType: PARQUET, MetadataDirective: 'REPLACE' }));
    return;
  }
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: to, ContentType: PARQUET }));
  try {
    const parts: { ETag: string; PartNumber: number }[] = [];
    for (let start = 0, n = 1; start < size; start += limits.copyPart, n++) {
      const end = Math.min(start + limits.copyPart, size) - 1;
      const r = await client.send(
        new UploadPartCopyCommand({ Bucket: bucket, Key: to, UploadId, PartNumber: n, CopySource: source, CopySourceRange: `bytes=${start}-${end}` }),
      );
      parts.push({ ETag: r.CopyPartResult!.ETag!, PartNumber: n });
    }
    await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: to, UploadId, MultipartUpload: { Parts: parts } }));
  } catch (err) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: to, UploadId })).catch(() => {});
    throw err;
  }
}
