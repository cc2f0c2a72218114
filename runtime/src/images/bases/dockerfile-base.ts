import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { paths } from '../../paths.js';
import { REPO_ROOT } from '../../repo-root.js';
import type { BaseImage } from '../base-image.js';
import { dockerBuild } from '../docker-build.js';
import type { ImageContext } from '../image-context.js';

export interface DockerfileBaseSpec {
  name: string;
  /** Build argument -> base it names, e.g. { DEBIAN_IMAGE: 'debian-bookworm' }. */
  parents: Readonly<Record<string, string>>;
  /** Its Dockerfile, relative to runtime/bases/. */
  dockerfile: string;
  /** Pins that decide the content beyond the Dockerfile's text (versions, integrity strings). */
  pins?: readonly string[];
  /** Further build arguments (versions the Dockerfile records). */
  buildArgs?: Readonly<Record<string, string>>;
  /** Puts the files the Dockerfile takes from its context into `dir` (downloads from the cache). */
  prepareContext?(context: ImageContext, dir: string): Promise<void>;
}

/**
 * A base made by a Dockerfile of runtime/bases/ on top of other bases: how Node, and later the
 * Java and Python bases of Spark and Airflow, are built. The build context is a scratch directory
 * holding only the Dockerfile and what `prepareContext` puts there.
 */
export function dockerfileBase(spec: DockerfileBaseSpec): BaseImage {
  const dockerfile = join(REPO_ROOT, 'runtime', 'bases', spec.dockerfile);
  return {
    name: spec.name,
    parents: spec.parents,
    inputs: () => [readFileSync(dockerfile, 'utf8'), ...(spec.pins ?? []), JSON.stringify(spec.buildArgs ?? {})],
    async build(context, { ref, labels, parents }) {
      const scratch = paths.opt(context.settings, 'tmp');
      mkdirSync(scratch, { recursive: true });
      const dir = mkdtempSync(join(scratch, `${spec.name}-`));
      try {
        copyFileSync(dockerfile, join(dir, basename(dockerfile)));
        await spec.prepareContext?.(context, dir);
        await dockerBuild(context.settings, {
          context: dir,
          dockerfile: join(dir, basename(dockerfile)),
          ref,
          labels,
          buildArgs: { ...parents, ...spec.buildArgs },
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
