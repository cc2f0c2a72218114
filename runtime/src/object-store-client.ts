import { S3Client } from '@aws-sdk/client-s3';
import type { Settings } from '@platform/config';

/** An S3 client for the platform's object store: path-style, since local servers have no DNS per bucket. */
export function objectStoreClient(settings: Settings): S3Client {
  // The pinned SDK works on Node 20; its warning is about SDK releases from 2027 on.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client({
    endpoint: settings.s3.endpoint,
    region: settings.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: settings.s3.accessKey, secretAccessKey: settings.s3.secretKey },
    maxAttempts: 2,
  });
}
