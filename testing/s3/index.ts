export { allowTestEndpoint, type S3Server, startS3Server } from './s3-server.ts';
export { type Fault, type S3Operation, S3TestProxy } from './s3-test-proxy.ts';
