import type { ImageContext } from './image-context.js';

/** What a base's build gets: the tag and labels to give it, and its parents' references by build-arg name. */
export interface BaseBuild {
  ref: string;
  labels: Readonly<Record<string, string>>;
  parents: Readonly<Record<string, string>>;
}

/**
 * A local base image, built from packages because no image registry is reachable. One module
 * per base under images/bases/, listed in images/bases/index.ts. A base is built once per set of
 * inputs and reused; its tag carries the hash of its inputs and of its parents'.
 */
export interface BaseImage {
  /** Its name in the registry and in its tag: ecommerce-platform/base-<name>:<hash>. */
  readonly name: string;
  /** The bases it is built on, by the build argument that names each (e.g. DEBIAN_IMAGE: 'debian-bookworm'). */
  readonly parents: Readonly<Record<string, string>>;
  /** Everything that decides its content apart from its parents: pinned versions, Dockerfile text, mirror. */
  inputs(context: ImageContext): string[];
  build(context: ImageContext, target: BaseBuild): Promise<void>;
}
