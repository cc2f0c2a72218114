import { resolveEnvironment, type Settings } from '@platform/config';
import { containerSecrets, plainEnvironment } from '../containers/project-container.js';
import { STACK_LABEL, stackId } from '../containers/stack-identity.js';
import { CONTAINER_ROLES } from '../images/project-images.js';

/**
 * What the DAGs' one container helper (airflow/dags/orchestration/containers.py) needs to run a
 * project image, handed to Airflow as the JSON setting PLATFORM_CONTAINERS: compose and the
 * native runtime differ only in this value. Secrets appear by name only (the container's variable
 * -> the worker's variable that holds the value); the operator reads their values from the
 * worker's environment when the task runs, so they never reach a rendered template.
 */
export interface DagContainers {
  docker_url: string;
  network_mode: string;
  labels: Record<string, string>;
  images: Record<string, { image: string; environment: Record<string, string>; secrets: Record<string, string> }>;
}

/**
 * The compose deployment (docker-compose.yaml): the tasks join its network and reach the services
 * by name, and the worker starts them through the file's docker-socket-proxy, never the socket
 * itself. The endpoints are the file's x-platform-env; tests/compose/test_compose_cli.py checks,
 * through the real Compose, that the two agree.
 */
export const COMPOSE_DEPLOYMENT = {
  network: 'ecommerce-platform',
  dockerUrl: 'tcp://docker-socket-proxy:2375',
  endpoints: {
    PG_HOST: 'postgres',
    PG_PORT: '5432',
    REDIS_HOST: 'redis',
    REDIS_PORT: '6379',
    S3_ENDPOINT: 'http://minio:9000',
    SPARK_MASTER_HOST: 'spark-master',
    SPARK_MASTER_PORT: '7077',
  },
} as const;

export type Deployment = 'native' | 'compose';

export function dagContainers(
  settings: Settings,
  env: NodeJS.ProcessEnv = process.env,
  deployment: Deployment = 'native',
): DagContainers {
  const compose = deployment === 'compose';
  const resolved = resolveEnvironment(compose ? { ...env, ...COMPOSE_DEPLOYMENT.endpoints } : env);
  return {
    docker_url: compose ? COMPOSE_DEPLOYMENT.dockerUrl : settings.containers.dockerHost,
    // The runtime's engine has no bridge network: containers reach the services on loopback.
    network_mode: compose ? COMPOSE_DEPLOYMENT.network : 'host',
    labels: { [STACK_LABEL]: stackId(settings) },
    images: Object.fromEntries(
      CONTAINER_ROLES.map((image) => [
        image.name,
        {
          image: image.ref(settings),
          environment: plainEnvironment(image, resolved),
          secrets: containerSecrets(image),
        },
      ]),
    ),
  };
}
