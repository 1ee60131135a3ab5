// @sluice/sdk/s3: the S3 client factory every S3-touching node shares. A separate entry point, so that
// only the code that talks to S3 loads the AWS SDK (the main and browser entries never do); the
// connection schema and error words hold no AWS code and are in the main entry as well.
export * from './s3-connection.ts';
export * from './create-s3-client.ts';
export * from './s3-error-message.ts';
