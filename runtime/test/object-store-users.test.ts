import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { loadSettings, OBJECT_STORE_USERS, type ObjectStoreUser } from '@platform/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectStoreClient } from '../src/object-store-client.js';
import { objectStore } from '../src/services/object-store.js';

/**
 * The users minio/init.sh gave the test stack's object store (stack up ran it): each may do what
 * its service does and is refused the rest, with the real S3 API.
 */

const settings = loadSettings();
const { bucket } = settings.s3;
const [, warehouseBucket = '', warehousePrefix = ''] = /^s3:\/\/([^/]+)\/(.*)$/.exec(settings.iceberg.warehouse) ?? [];
const table = `policy_probe_${process.pid}`;

/** A key of one namespace's probe table, or of staging. */
function place(where: 'raw' | 'silver' | 'gold' | 'staging'): { Bucket: string; Key: string } {
  return where === 'staging'
    ? { Bucket: bucket, Key: `staging/raw/${table}/run/extract.json` }
    : { Bucket: warehouseBucket, Key: `${warehousePrefix}/${where}/${table}/data/probe.parquet` };
}
const PLACES = ['raw', 'silver', 'gold', 'staging'] as const;
type Place = (typeof PLACES)[number];

const root = objectStoreClient(settings);
const clients = new Map<ObjectStoreUser, S3Client>();
function newClient(accessKeyId: string, secretAccessKey: string): S3Client {
  return new S3Client({
    endpoint: settings.s3.endpoint,
    region: settings.s3.region,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId, secretAccessKey },
  });
}
function client(user: ObjectStoreUser): S3Client {
  let c = clients.get(user);
  if (!c) {
    const { accessKey, secretKey } = settings.s3.users[user];
    c = newClient(accessKey, secretKey);
    clients.set(user, c);
  }
  return c;
}

/** 'ok', or the S3 error's name (AccessDenied, NotFound, ...). */
async function outcome(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
    return 'ok';
  } catch (error) {
    return (error as Error).name;
  }
}

const read = (user: ObjectStoreUser, where: Place) =>
  outcome(
    client(user)
      .send(new GetObjectCommand(place(where)))
      .then((r) => r.Body?.transformToString()),
  );
const write = (user: ObjectStoreUser, where: Place) =>
  outcome(client(user).send(new PutObjectCommand({ ...place(where), Body: `written by ${user}` })));
const remove = (user: ObjectStoreUser, where: Place) =>
  outcome(client(user).send(new DeleteObjectCommand(place(where))));

/** What each user may do where: r(ead), w(rite), d(elete); anything else must be refused. */
const ALLOWED: Record<ObjectStoreUser, Record<Place, string>> = {
  ingest: { raw: 'rwd', silver: '', gold: '', staging: 'rwd' },
  spark: { raw: 'r', silver: 'rwd', gold: 'rwd', staging: '' },
  maintenance: { raw: 'rwd', silver: 'rwd', gold: 'rwd', staging: '' },
  notebook: { raw: 'r', silver: 'r', gold: 'r', staging: '' },
};

beforeAll(async () => {
  for (const where of PLACES) await root.send(new PutObjectCommand({ ...place(where), Body: 'probe' }));
});

afterAll(async () => {
  for (const where of PLACES) await root.send(new DeleteObjectCommand(place(where))).catch(() => undefined);
  for (const c of clients.values()) c.destroy();
  root.destroy();
});

describe('object store users', () => {
  for (const user of Object.keys(ALLOWED) as ObjectStoreUser[]) {
    it(`${OBJECT_STORE_USERS[user].accessKey} may do what its service does, and nothing else`, async () => {
      const actual: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const where of PLACES) {
        const allowed = ALLOWED[user][where];
        // Reads first, then writes; a delete last, and the probe put back for the next user.
        actual[`read ${where}`] = await read(user, where);
        actual[`write ${where}`] = await write(user, where);
        actual[`delete ${where}`] = await remove(user, where);
        await root.send(new PutObjectCommand({ ...place(where), Body: 'probe' }));
        expected[`read ${where}`] = allowed.includes('r') ? 'ok' : 'AccessDenied';
        expected[`write ${where}`] = allowed.includes('w') ? 'ok' : 'AccessDenied';
        expected[`delete ${where}`] = allowed.includes('d') ? 'ok' : 'AccessDenied';
      }
      expect(actual).toEqual(expected);
      // A missing key is NotFound, not AccessDenied, where the user may read (readers tell "absent" apart).
      const readable = PLACES.find((where) => ALLOWED[user][where].includes('r')) as Place;
      const missing = { ...place(readable), Key: `${place(readable).Key}.missing` };
      expect(await outcome(client(user).send(new HeadObjectCommand(missing)))).toBe('NotFound');
      // No user creates buckets or opens one to the public.
      expect(await outcome(client(user).send(new CreateBucketCommand({ Bucket: `probe-${process.pid}` })))).toBe(
        'AccessDenied',
      );
      const publicRead = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${bucket}/*`] },
        ],
      });
      expect(await outcome(client(user).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicRead })))).toBe(
        'AccessDenied',
      );
    });
  }

  it('runs minio/init.sh again with a changed secret key, one that starts with "-", and back', async () => {
    const dashed = `-${settings.s3.users.notebook.secretKey}`;
    const log = () => undefined;
    const changed = newClient(settings.s3.users.notebook.accessKey, dashed);
    await objectStore.afterReady?.({ settings: loadSettings({ ...process.env, S3_NOTEBOOK_SECRET_KEY: dashed }), log });
    try {
      expect(await outcome(changed.send(new GetObjectCommand(place('raw'))))).toBe('ok');
      expect(await read('notebook', 'raw')).toBe('SignatureDoesNotMatch');
    } finally {
      changed.destroy();
      await objectStore.afterReady?.({ settings, log });
    }
    expect(await read('notebook', 'raw')).toBe('ok');
  });

  it('answers nobody without a credential: no bucket is public', async () => {
    for (const where of PLACES) {
      const { Bucket, Key } = place(where);
      const object = await fetch(`${settings.s3.endpoint}/${Bucket}/${Key}`);
      const listing = await fetch(`${settings.s3.endpoint}/${Bucket}?list-type=2`);
      expect([object.status, listing.status], where).toEqual([403, 403]);
    }
  });
});
