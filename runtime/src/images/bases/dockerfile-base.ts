import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { paths } from '../../paths.js';
import { REPO_ROOT } from '../../repo-root.js';
import type { BaseImage } from '../base-image.js';
import { dockerBuild } from '../docker-build.js';
import { type PinnedNpmPackage, pinnedNpmTarball } from './npm-tarball.js';

export interface DockerfileBaseSpec {
  name: string;
  /** Build argument -> base it names, e.g. { DEBIAN_IMAGE: 'debian-bookworm' }. */
  parents: Readonly<Record<string, string>>;
  /** Its Dockerfile, relative to runtime/bases/. */
  dockerfile: string;
  /** npm packages the Dockerfile takes from its context, by file name (downloaded, integrity-checked). */
  npmTarballs?: Readonly<Record<string, PinnedNpmPackage>>;
  /** Further build arguments (versions the Dockerfile records). */
  buildArgs?: Readonly<Record<string, string>>;
}

/**
 * A base made by a Dockerfile of runtime/bases/ on top of other bases: how Node, and later the
 * Java and Python bases of Spark and Airflow, are built. The build context is a scratch directory
 * holding only the Dockerfile and the npm tarballs it names.
 */
export function dockerfileBase(spec: DockerfileBaseSpec): BaseImage {
  const dockerfile = join(REPO_ROOT, 'runtime', 'bases', spec.dockerfile);
  return {
    name: spec.name,
    parents: spec.parents,
    inputs: () => [
      readFileSync(dockerfile, 'utf8'),
      JSON.stringify(spec.npmTarballs ?? {}),
      JSON.stringify(spec.buildArgs ?? {}),
    ],
    async build(context, { ref, labels, parents }) {
      const scratch = paths.opt(context.settings, 'tmp');
      mkdirSync(scratch, { recursive: true });
      const dir = mkdtempSync(join(scratch, `${spec.name}-`));
      try {
        copyFileSync(dockerfile, join(dir, basename(dockerfile)));
        for (const [file, pkg] of Object.entries(spec.npmTarballs ?? {})) {
          copyFileSync(await pinnedNpmTarball(context.settings, pkg), join(dir, file));
        }
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
