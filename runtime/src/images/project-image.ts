import type { ObjectStoreUser, SECRET_SETTINGS, Settings } from '@platform/config';

/**
 * One of the project's own images: built from its Dockerfile (official base images by default,
 * the local bases when the runtime builds it) and run as containers by the runtime and Airflow.
 */
export interface ProjectImage {
  /** How the CLI and people name it: `stack run tasks ...`. */
  readonly name: string;
  /** Its service in docker-compose.yaml, which builds it from the same Dockerfile. */
  readonly composeService: string;
  /** Relative to the repository root, which is the build context. */
  readonly dockerfile: string;
  /** Build argument -> local base the runtime passes instead of the Dockerfile's official default. */
  readonly bases: Readonly<Record<string, string>>;
  /** Its reference, from the settings (PLATFORM_TASKS_IMAGE, ...). */
  ref(settings: Settings): string;
  /** The only secret settings its containers get (least privilege); every non-secret setting is passed. */
  readonly secrets: readonly (typeof SECRET_SETTINGS)[number][];
  /**
   * The object-store user its containers act as (OBJECT_STORE_USERS): they get its access key and
   * secret key as S3_ACCESS_KEY / S3_SECRET_KEY, never the store's root credential.
   */
  readonly objectStoreUser?: ObjectStoreUser;
}
