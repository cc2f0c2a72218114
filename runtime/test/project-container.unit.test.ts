import { loadSettings, SECRET_SETTINGS } from '@platform/config';
import { describe, expect, it } from 'vitest';
import { containerEnvironment, containerRun, envFileText } from '../src/containers/project-container.js';
import { genDataImage, sparkImage, sparkMaintenanceRole, tasksImage } from '../src/images/project-images.js';

const env = {
  PLATFORM_HOME: '/srv/platform',
  ...Object.fromEntries(SECRET_SETTINGS.map((name) => [name, `secret-of-${name}`])),
  PG_PORT: '6000',
};

describe('containerRun', () => {
  const settings = loadSettings(env);
  const run = containerRun(settings, genDataImage, ['run', '--scenario', 'flash-sale'], env);

  it('runs the image on the host network, never pulls, labels it as the stack’s and keeps secrets off argv', () => {
    expect(run.argv.slice(0, 5)).toEqual(['run', '--rm', '--init', '--network=host', '--pull=never']);
    expect(run.argv).toContain('--label=io.ecommerce-platform.image=gen_data');
    expect(run.argv.some((a) => a.startsWith('--label=io.ecommerce-platform.stack='))).toBe(true);
    expect(run.argv).toContain(`--env-file=${run.envFile}`);
    expect(run.envFile.startsWith('/srv/platform/run/containers/')).toBe(true);
    expect(run.argv.slice(-4)).toEqual(['ecommerce-platform/gen_data:0.1.0', 'run', '--scenario', 'flash-sale']);
    expect(run.argv.join(' ')).not.toMatch(/secret-of-/);
  });

  it('gives each image only the secrets of its role, and no host-only settings', () => {
    const genData = containerEnvironment(genDataImage, { ...env, PG_HOST: '127.0.0.1', DOCKER_HOST: 'unix:///x' });
    expect(Object.keys(genData).filter((k) => k.includes('PASSWORD') || k.startsWith('S3_'))).toEqual([
      'OLTP_WRITER_PASSWORD',
    ]);
    expect(genData).toMatchObject({ PG_HOST: '127.0.0.1', PG_PORT: '6000' });
    expect(genData).not.toHaveProperty('PLATFORM_HOME');
    expect(genData).not.toHaveProperty('DOCKER_HOST');
    const tasks = containerEnvironment(tasksImage, env);
    expect(Object.keys(tasks).filter((k) => SECRET_SETTINGS.includes(k as never))).toEqual([
      'S3_ACCESS_KEY',
      'OLTP_READER_PASSWORD',
      'OLTP_REPLICATION_PASSWORD',
      'ICEBERG_CATALOG_PASSWORD',
      'S3_SECRET_KEY',
    ]);
    // The object store's ingestion user, never its root credential.
    expect(tasks.S3_ACCESS_KEY).toBe('platform-ingest');
    expect(tasks.S3_SECRET_KEY).toBe('secret-of-S3_INGEST_SECRET_KEY');
    const spark = containerEnvironment(sparkImage, env);
    expect([spark.S3_ACCESS_KEY, spark.S3_SECRET_KEY]).toEqual(['platform-spark', 'secret-of-S3_SPARK_SECRET_KEY']);
    const maintenance = containerEnvironment(sparkMaintenanceRole, env);
    expect([maintenance.S3_ACCESS_KEY, maintenance.S3_SECRET_KEY]).toEqual([
      'platform-maintenance',
      'secret-of-S3_MAINTENANCE_SECRET_KEY',
    ]);
    expect(run.envFileText).toContain('OLTP_WRITER_PASSWORD=secret-of-OLTP_WRITER_PASSWORD\n');
    expect(run.envFileText).toContain('PG_PORT=6000\n');
  });

  it('refuses a value an env file cannot carry', () => {
    expect(() => envFileText({ A: 'one\ntwo' })).toThrow('A contains a line break');
  });
});
