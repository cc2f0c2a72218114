import { resolveEnvironment, SECRET_SETTINGS, type Settings } from '@platform/config';
import { containerEnvironment } from '../containers/project-container.js';
import { STACK_LABEL, stackId } from '../containers/stack-identity.js';
import { PROJECT_IMAGES } from '../images/project-images.js';

/**
 * What the DAGs' one container helper (airflow/dags/orchestration/containers.py) needs to run a
 * project image, handed to Airflow as the JSON setting PLATFORM_CONTAINERS: compose and the
 * native runtime differ only in this value. Secrets appear by name only; the operator reads their
 * values from the worker's environment when the task runs, so they never reach a rendered template.
 */
export interface DagContainers {
  docker_url: string;
  network_mode: string;
  labels: Record<string, string>;
  images: Record<string, { image: string; environment: Record<string, string>; secrets: string[] }>;
}

const SECRETS = new Set<string>(SECRET_SETTINGS);

export function dagContainers(settings: Settings, env: NodeJS.ProcessEnv = process.env): DagContainers {
  const resolved = resolveEnvironment(env);
  return {
    docker_url: settings.containers.dockerHost,
    // The runtime's engine has no bridge network: containers reach the services on loopback.
    network_mode: 'host',
    labels: { [STACK_LABEL]: stackId(settings) },
    images: Object.fromEntries(
      PROJECT_IMAGES.map((image) => [
        image.name,
        {
          image: image.ref(settings),
          environment: Object.fromEntries(
            Object.entries(containerEnvironment(image, resolved)).filter(([name]) => !SECRETS.has(name)),
          ),
          secrets: [...image.secrets],
        },
      ]),
    ),
  };
}
