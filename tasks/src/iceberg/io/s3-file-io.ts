import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { FileIO } from './file-io.js';

export interface S3Location {
  bucket: string;
  key: string;
}

/** `s3://bucket/key` (also `s3a://`, which Hadoop-era writers record) to bucket and key. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3a?:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new Error(`Not an s3:// URI: ${uri}`);
  return { bucket: match[1] as string, key: match[2] as string };
}

export function toS3Uri({ bucket, key }: S3Location): string {
  return `s3://${bucket}/${key.replace(/^\/+/, '')}`;
}

/** Where and as whom to reach an S3-compatible store. */
export interface S3Settings {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
}

export class S3FileIO implements FileIO {
  constructor(private readonly client: S3Client) {}

  /** Path-style addressing: local S3 servers have no per-bucket DNS names. */
  static connect(settings: S3Settings): S3FileIO {
    // The pinned SDK works on Node 20; its warning is about SDK releases from 2027 on.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    return new S3FileIO(
      new S3Client({
        endpoint: settings.endpoint,
        region: settings.region,
        forcePathStyle: true,
        credentials: { accessKeyId: settings.accessKey, secretAccessKey: settings.secretKey },
        maxAttempts: 3,
      }),
    );
  }

  async put(uri: string, body: Uint8Array, contentType = 'application/octet-stream'): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async get(uri: string): Promise<Buffer> {
    const { bucket, key } = parseS3Uri(uri);
    const response = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!response.Body) throw new Error(`Empty body reading ${uri}`);
    return Buffer.from(await response.Body.transformToByteArray());
  }

  async head(uri: string): Promise<number | undefined> {
    const { bucket, key } = parseS3Uri(uri);
    try {
      const response = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return response.ContentLength ?? 0;
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey) return undefined;
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
  }

  async exists(uri: string): Promise<boolean> {
    return (await this.head(uri)) !== undefined;
  }

  async delete(uri: string): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }

  destroy(): void {
    this.client.destroy();
  }
}
