import { UsageError } from '@platform/config';
import type { ProjectImage } from './project-image.js';

/**
 * An image of a Node app of this repository: built by `<app>/Dockerfile`, served by the compose
 * service of the same name, on the local Node bases (the Dockerfiles default to the official node:20).
 */
function nodeAppImage(app: string, ref: ProjectImage['ref'], secrets: ProjectImage['secrets']): ProjectImage {
  return {
    name: app,
    composeService: app,
    dockerfile: `${app}/Dockerfile`,
    bases: { NODE_IMAGE: 'node20', NODE_BUILD_IMAGE: 'node20-build' },
    ref,
    secrets,
  };
}

// Reads the OLTP database (SELECT only, and its replication slot), writes the raw tables, their
// staging and the catalog.
export const tasksImage: ProjectImage = {
  ...nodeAppImage('tasks', (s) => s.containers.images.tasks, [
    'OLTP_READER_PASSWORD',
    'OLTP_REPLICATION_PASSWORD',
    'ICEBERG_CATALOG_PASSWORD',
  ]),
  objectStoreUser: 'ingest',
};

// Writes the OLTP schema as ecommerce_writer, nothing else.
export const genDataImage = nodeAppImage('gen_data', (s) => s.containers.images.genData, ['OLTP_WRITER_PASSWORD']);

/**
 * The Spark jobs (spark/bin/submit, its entrypoint): read raw and write silver and gold through the
 * JDBC catalog and the object store (spark/lakehouse/catalog.py), nothing of the OLTP database.
 * compose's spark-master, spark-worker and jupyter services run it too.
 */
export const sparkImage: ProjectImage = {
  name: 'spark',
  composeService: 'spark-master',
  dockerfile: 'spark/Dockerfile',
  bases: { PYTHON_IMAGE: 'python311' },
  ref: (s) => s.containers.images.spark,
  secrets: ['ICEBERG_CATALOG_PASSWORD'],
  objectStoreUser: 'spark',
};

/** The images the runtime and the DAGs run as containers, in build order. */
export const PROJECT_IMAGES: readonly ProjectImage[] = [tasksImage, genDataImage, sparkImage];

/**
 * The Spark maintenance job (03_maintenance): the spark image as the maintenance user, which may
 * rewrite and expire the files of every namespace, raw included, where the jobs only read raw.
 */
export const sparkMaintenanceRole: ProjectImage = {
  ...sparkImage,
  name: 'spark-maintenance',
  objectStoreUser: 'maintenance',
};

/** What the DAGs' tasks run, by the name they give it: each image, and the spark image's second role. */
export const CONTAINER_ROLES: readonly ProjectImage[] = [...PROJECT_IMAGES, sparkMaintenanceRole];

/**
 * Every Airflow component of the compose deployment (airflow/Dockerfile). Not a project container:
 * the native runtime runs Airflow from its venv, and compose gives the services their environment,
 * so the runtime hands it no secret.
 */
export const airflowImage: ProjectImage = {
  name: 'airflow',
  composeService: 'airflow-scheduler',
  dockerfile: 'airflow/Dockerfile',
  bases: { PYTHON_IMAGE: 'python311' },
  ref: (s) => s.containers.images.airflow,
  secrets: [],
};

/** Every image docker-compose.yaml builds. */
export const COMPOSE_IMAGES: readonly ProjectImage[] = [...PROJECT_IMAGES, airflowImage];

export function projectImage(name: string): ProjectImage {
  const image = PROJECT_IMAGES.find((i) => i.name === name);
  if (!image) throw new UsageError(`unknown image "${name}" (known: ${PROJECT_IMAGES.map((i) => i.name).join(', ')})`);
  return image;
}
