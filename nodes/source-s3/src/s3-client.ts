// The SDK's one S3 client factory, under the name this package's tests know it by.
export { createS3Client } from '@sluice/sdk/s3';
export type { SourceS3Config } from './source-s3-config.ts';
