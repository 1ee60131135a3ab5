import { PutBucketNotificationConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import type { S3Server } from '@sluice/testing/s3';

/**
 * Makes Ceph RGW POST the bucket's object-created events to `webhookUrl`: an SNS-style topic with
 * a `push-endpoint`, then the bucket's notification configuration pointing to it. `persistent`
 * topics queue events and retry them while the webhook is down or answers non-2xx (what the
 * crash test needs); non-persistent ones send during the PUT and drop an event that fails.
 */
export async function notifyWebhook(
  server: S3Server,
  bucket: string,
  webhookUrl: string,
  options: { persistent?: boolean; prefix?: string } = {},
): Promise<void> {
  const cfg = { endpoint: server.endpoint, region: server.region, credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey } };
  const sns = new SNSClient(cfg);
  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  try {
    const topic = await sns.send(
      new CreateTopicCommand({ Name: `${bucket}-events`, Attributes: { 'push-endpoint': webhookUrl, persistent: String(options.persistent ?? false) } }),
    );
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: {
          TopicConfigurations: [
            {
              Id: 'to-sluice',
              TopicArn: topic.TopicArn,
              Events: ['s3:ObjectCreated:*'],
              ...(options.prefix ? { Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: options.prefix }] } } } : {}),
            },
          ],
        },
      }),
    );
  } finally {
    sns.destroy();
    s3.destroy();
  }
}
