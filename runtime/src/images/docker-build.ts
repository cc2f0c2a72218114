import { existsSync } from 'node:fs';
import type { Settings } from '@platform/config';
import { dockerLogged } from './build-log.js';

export interface DockerBuild {
  context: string;
  dockerfile: string;
  ref: string;
  labels: Readonly<Record<string, string>>;
  buildArgs: Readonly<Record<string, string>>;
}

/**
 * `docker build` with BuildKit, the way every image of the platform is built: the host's network
 * (the engine has no bridge), and the extra CA bundle as the secret `ca` when the machine has one,
 * so npm and pip inside the build reach their registries without the bundle entering a layer.
 */
export async function dockerBuild(settings: Settings, build: DockerBuild): Promise<void> {
  const ca = settings.containers.buildCaFile;
  await dockerLogged(settings, [
    'build',
    '--progress=plain',
    '--network=host',
    ...(existsSync(ca) ? ['--secret', `id=ca,src=${ca}`] : []),
    ...Object.entries(build.buildArgs).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
    ...Object.entries(build.labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
    '--file',
    build.dockerfile,
    '--tag',
    build.ref,
    build.context,
  ]);
}
