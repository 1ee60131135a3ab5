import { errorMessage } from '../file-error.ts';
import { EndpointNotAllowedError, EndpointUnreachableError } from '../outbound/endpoint-errors.ts';

/** The parts of an AWS SDK error that say what happened; typed loosely, as the SDK is not imported here. */
interface S3ErrorShape {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The HTTP status of an S3 answer, if the error is one. */
export function s3Status(err: unknown): number | undefined {
  return (err as S3ErrorShape | undefined)?.$metadata?.httpStatusCode;
}

/** True for a HeadObject or GetObject answer that says the key does not exist. */
export function isS3NotFound(err: unknown): boolean {
  const e = err as S3ErrorShape | undefined;
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || s3Status(err) === 404;
}

/**
 * An S3 failure in words: the store's error code and status, which say more than the SDK's message
 * alone; a refused endpoint, or one that gave no S3 answer, says only that (the client made every
 * such failure read the same).
 */
export function s3ErrorMessage(err: unknown): string {
  if (err instanceof EndpointNotAllowedError || err instanceof EndpointUnreachableError) return err.message;
  const e = (err ?? {}) as S3ErrorShape;
  const status = s3Status(err);
  if (e.name === 'NoSuchBucket') return 'the bucket does not exist';
  if (status === 403 || e.name === 'AccessDenied' || e.name === 'InvalidAccessKeyId' || e.name === 'SignatureDoesNotMatch') {
    return `access denied (${e.name}): check the credentials`;
  }
  return `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${errorMessage(err)}${status ? ` (HTTP ${status})` : ''}`;
}
