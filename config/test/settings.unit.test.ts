import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvFile } from '../src/env-file.js';
import { loadSettings, postgresLogin, resolveEnvironment } from '../src/settings.js';

const secrets = {
  PG_SUPERUSER_PASSWORD: 'su',
  OLTP_OWNER_PASSWORD: 'owner',
  OLTP_WRITER_PASSWORD: 'writer',
  OLTP_READER_PASSWORD: 'reader',
  ICEBERG_CATALOG_PASSWORD: 'catalog',
  AIRFLOW_DB_PASSWORD: 'airflow',
  REDIS_PASSWORD: 'redis',
  S3_ACCESS_KEY: 'access',
  S3_SECRET_KEY: 'secret-key',
};

function emptyHome(): string {
  return mkdtempSync(join(tmpdir(), 'settings-'));
}

describe('parseEnvFile', () => {
  it('reads names, quoted values, comments and export prefixes', () => {
    expect(parseEnvFile('# c\nA=1\nexport B="two words"\nC=\'x=y\'\n\nD=\n')).toEqual({
      A: '1',
      B: 'two words',
      C: 'x=y',
      D: '',
    });
  });

  it('rejects a line that is not NAME=value', () => {
    expect(() => parseEnvFile('JUSTANAME')).toThrow('malformed env line: JUSTANAME');
  });
});

describe('loadSettings', () => {
  it('applies the documented defaults', () => {
    const s = loadSettings({ PLATFORM_HOME: emptyHome(), ...secrets });
    expect(s.postgres.port).toBe(5435);
    expect(s.postgres.databases).toEqual({ oltp: 'ecommerce', catalog: 'iceberg_catalog', airflow: 'airflow' });
    expect(s.redis.port).toBe(6379);
    expect(s.s3).toMatchObject({ endpoint: 'http://127.0.0.1:9000', bucket: 'lake', consolePort: 9001 });
    expect(s.cache).toBe(join(s.home, 'cache'));
  });

  it('takes values from the generated env file, and the environment wins over it', () => {
    const home = emptyHome();
    writeFileSync(
      join(home, 'platform.env'),
      `${Object.entries(secrets)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')}\n`,
    );
    expect(loadSettings({ PLATFORM_HOME: home }).redis.password).toBe('redis');
    expect(loadSettings({ PLATFORM_HOME: home, REDIS_PASSWORD: 'from-env' }).redis.password).toBe('from-env');
  });

  it('asks for a secret only when it is used, and names the missing one', () => {
    const settings = loadSettings({ PLATFORM_HOME: emptyHome(), OLTP_WRITER_PASSWORD: 'writer' });
    expect(postgresLogin(settings, 'oltpWriter', 'ecommerce').password).toBe('writer');
    expect(() => postgresLogin(settings, 'oltpReader', 'ecommerce')).toThrow(/^OLTP_READER_PASSWORD is not set/);
    expect(() => settings.s3.secretKey).toThrow(/^S3_SECRET_KEY is not set/);
  });

  it('rejects malformed ports, identifiers and endpoints', () => {
    const base = { PLATFORM_HOME: emptyHome(), ...secrets };
    expect(() => loadSettings({ ...base, REDIS_PORT: '70000' })).toThrow('REDIS_PORT must be a TCP port');
    expect(() => loadSettings({ ...base, OLTP_DATABASE: 'drop table' })).toThrow('OLTP_DATABASE must be');
    expect(() => loadSettings({ ...base, S3_ENDPOINT: 'minio:9000' })).toThrow('S3_ENDPOINT must look like');
    expect(() => loadSettings({ ...base, AIRFLOW_TASK_RETRIES: '-1' })).toThrow(
      'AIRFLOW_TASK_RETRIES must be a whole number (0 or more), got "-1"',
    );
    expect(loadSettings({ ...base, AIRFLOW_TASK_RETRIES: '0' }).airflow.taskRetries).toBe(0);
  });

  it('builds logins for the fixed roles', () => {
    const s = loadSettings({ PLATFORM_HOME: emptyHome(), ...secrets, PG_PORT: '6000' });
    expect(postgresLogin(s, 'oltpReader', 'ecommerce')).toEqual({
      host: '127.0.0.1',
      port: 6000,
      database: 'ecommerce',
      user: 'ecommerce_reader',
      password: 'reader',
    });
    expect(postgresLogin(s, 'superuser', 'postgres').user).toBe('postgres');
  });
});

describe('resolveEnvironment', () => {
  it('gives every setting its resolved value, derived ones included, and only the secrets that are set', () => {
    const home = emptyHome();
    const env = resolveEnvironment({
      PLATFORM_HOME: home,
      S3_BUCKET: 'data',
      ICEBERG_CATALOG_NAME: 'cat',
      REDIS_PASSWORD: 'r',
    });
    expect(env).toMatchObject({
      PLATFORM_HOME: home,
      PLATFORM_CACHE: join(home, 'cache'),
      PG_PORT: '5435',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      ICEBERG_WAREHOUSE: 's3://data/warehouse/cat',
      REDIS_PASSWORD: 'r',
    });
    expect(env).not.toHaveProperty('S3_SECRET_KEY');
    // What it resolves, read back, is the same settings: the resolution is a fixed point.
    const again = resolveEnvironment({ ...env, PLATFORM_HOME: home });
    expect(again).toEqual(env);
  });

  it('refuses a warehouse that is not an s3 URI', () => {
    expect(() => resolveEnvironment({ PLATFORM_HOME: emptyHome(), ICEBERG_WAREHOUSE: '/tmp/wh' })).toThrow(
      'ICEBERG_WAREHOUSE must be an s3://bucket/prefix URI, got "/tmp/wh"',
    );
  });
});
