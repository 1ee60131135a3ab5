import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Server } from '@sluice/testing/s3';

/** Uploads to the test S3 server: one object, or many with `concurrency` PUTs in flight. */
export class S3Uploader {
  private readonly client: S3Client;

  constructor(server: S3Server) {
    this.client = new S3Client({
      endpoint: server.endpoint,
      region: server.region,
      forcePathStyle: true,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    });
  }

  /** Returns the ETag the store gave the object. */
  async put(bucket: string, key: string, body: string): Promise<string> {
    return (await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))).ETag ?? '';
  }

  async putMany(bucket: string, objects: [key: string, body: string][], concurrency = 16): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < objects.length) {
        const [key, body] = objects[next++]!;
        await this.put(bucket, key, body);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  destroy(): void {
    this.client.destroy();
  }
}
