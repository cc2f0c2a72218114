import { UsageError } from '@platform/config';
import type { ProjectImage } from './project-image.js';

/** Local bases of the Node images: the official default of each build argument is node:20 (see the Dockerfiles). */
const NODE_BASES = { NODE_IMAGE: 'node20', NODE_BUILD_IMAGE: 'node20-build' } as const;

export const tasksImage: ProjectImage = {
  name: 'tasks',
  composeService: 'tasks',
  dockerfile: 'tasks/Dockerfile',
  bases: NODE_BASES,
  ref: (s) => s.containers.images.tasks,
  // Reads the OLTP database (SELECT only, and its replication slot), writes the lake and the catalog.
  secrets: [
    'OLTP_READER_PASSWORD',
    'OLTP_REPLICATION_PASSWORD',
    'ICEBERG_CATALOG_PASSWORD',
    'S3_ACCESS_KEY',
    'S3_SECRET_KEY',
  ],
};

export const genDataImage: ProjectImage = {
  name: 'gen_data',
  composeService: 'gen_data',
  dockerfile: 'gen_data/Dockerfile',
  bases: NODE_BASES,
  ref: (s) => s.containers.images.genData,
  // Writes the OLTP schema as ecommerce_writer, nothing else.
  secrets: ['OLTP_WRITER_PASSWORD'],
};

/** Every project image, in build order. The Spark and Airflow images join this list. */
export const PROJECT_IMAGES: readonly ProjectImage[] = [tasksImage, genDataImage];

export function projectImage(name: string): ProjectImage {
  const image = PROJECT_IMAGES.find((i) => i.name === name);
  if (!image) throw new UsageError(`unknown image "${name}" (known: ${PROJECT_IMAGES.map((i) => i.name).join(', ')})`);
  return image;
}
