import { join } from 'node:path';
import { docker } from '../containers/docker-cli.js';
import { REPO_ROOT } from '../repo-root.js';
import { dockerBuild } from './docker-build.js';
import { ensureImage, type ImageState } from './image-cache.js';
import type { ImageContext } from './image-context.js';
import type { ImageRecipe } from './image-recipe.js';
import { buildContextParts, hashParts } from './inputs-hash.js';
import { baseRecipe, ensureBase } from './local-bases.js';
import type { ProjectImage } from './project-image.js';

export interface ImageSummary {
  image: string;
  ref: string;
  state: ImageState;
  /** Bytes, as the engine counts them (uncompressed, shared layers included). */
  size: number;
}

/** The recipes of an image's local bases, by the build argument that names each. */
function localBases(
  context: ImageContext,
  image: ProjectImage,
  states: Map<string, ImageState>,
): Record<string, ImageRecipe> {
  return Object.fromEntries(Object.entries(image.bases).map(([arg, base]) => [arg, baseRecipe(context, base, states)]));
}

/**
 * `--build-arg NAME=ref` for every local base of these images, made to exist first: what `docker
 * compose build` needs to build the compose file's services from the local bases.
 */
export async function localBaseBuildArgs(context: ImageContext, images: readonly ProjectImage[]): Promise<string[]> {
  const states = new Map<string, ImageState>();
  const args = new Map<string, string>();
  for (const image of images) {
    for (const [arg, base] of Object.entries(localBases(context, image, states))) {
      args.set(arg, await ensureBase(context, base, states));
    }
  }
  return [...args].flatMap(([arg, ref]) => ['--build-arg', `${arg}=${ref}`]);
}

function projectRecipe(context: ImageContext, image: ProjectImage, states: Map<string, ImageState>): ImageRecipe {
  const bases = localBases(context, image, states);
  const buildArgs = Object.fromEntries(Object.entries(bases).map(([arg, r]) => [arg, r.ref]));
  const dockerfile = join(REPO_ROOT, image.dockerfile);
  const ref = image.ref(context.settings);
  return {
    title: image.name,
    ref,
    inputsHash: hashParts([ref, ...buildContextParts(REPO_ROOT, dockerfile), JSON.stringify(buildArgs)]),
    async build(labels) {
      for (const base of Object.values(bases)) await ensureBase(context, base, states);
      await dockerBuild(context.settings, { context: REPO_ROOT, dockerfile, ref, labels, buildArgs });
    },
  };
}

export async function imageSize(context: ImageContext, ref: string): Promise<number> {
  const { stdout } = await docker(context.settings, ['image', 'inspect', '--format', '{{.Size}}', ref]);
  return Number(stdout.trim());
}

/**
 * Makes each image exist with its current inputs: nothing happens when they are unchanged, a
 * cached tarball is loaded into a fresh engine, and only changed images are built.
 */
export async function ensureProjectImages(
  context: ImageContext,
  images: readonly ProjectImage[],
): Promise<ImageSummary[]> {
  const states = new Map<string, ImageState>();
  const out: ImageSummary[] = [];
  for (const image of images) {
    const recipe = projectRecipe(context, image, states);
    const state = await ensureImage(context, recipe);
    out.push({ image: image.name, ref: recipe.ref, state, size: await imageSize(context, recipe.ref) });
  }
  return out;
}
