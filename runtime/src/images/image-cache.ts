import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { platformVersion } from '@platform/config';
import { docker } from '../containers/docker-cli.js';
import { withFileLock } from '../install/file-lock.js';
import { paths } from '../paths.js';
import { REPO_ROOT } from '../repo-root.js';
import { dockerLogged } from './build-log.js';
import { gitRevision } from './git-revision.js';
import type { ImageContext } from './image-context.js';
import type { ImageRecipe } from './image-recipe.js';

/** The label holding the hash of an image's inputs: equal hash, same image, nothing to build. */
export const INPUTS_LABEL = 'io.ecommerce-platform.inputs';

/** Tarballs kept per image: the newest few, so worktrees of different versions do not evict each other at once. */
const KEEP_TARBALLS = 3;

export type ImageState = 'present' | 'loaded' | 'built';

function cacheDir(context: ImageContext): string {
  return paths.opt(context.settings, 'images');
}

/** `ecommerce-platform/tasks:0.1.0` -> `ecommerce-platform_tasks`: the tarballs' common prefix. */
function fileStem(ref: string): string {
  return ref.replace(/:[^/:]*$/, '').replace(/[^A-Za-z0-9_.-]+/g, '_');
}

async function inputsLabel(context: ImageContext, ref: string): Promise<string | undefined> {
  try {
    const format = `{{ index .Config.Labels "${INPUTS_LABEL}" }}`;
    const { stdout } = await docker(context.settings, ['image', 'inspect', '--format', format, ref]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

function pruneTarballs(dir: string, stem: string): void {
  const own = readdirSync(dir)
    .filter((f) => f.startsWith(`${stem}-`) && f.endsWith('.tar'))
    .map((f) => ({ file: join(dir, f), mtime: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of own.slice(KEEP_TARBALLS)) rmSync(old.file, { force: true });
}

/** The image a new one replaced under the same tag is left untagged: drop it. */
async function pruneReplaced(context: ImageContext): Promise<void> {
  await dockerLogged(context.settings, ['image', 'prune', '--force', '--filter', `label=${INPUTS_LABEL}`]);
}

/**
 * Makes `recipe.ref` exist in the engine with the recipe's inputs hash: already there; else
 * loaded from the tarball a build with the same inputs saved into the cache (a fresh engine, as
 * every test stack has, loads in seconds instead of building); else built, then saved.
 */
export async function ensureImage(context: ImageContext, recipe: ImageRecipe): Promise<ImageState> {
  if ((await inputsLabel(context, recipe.ref)) === recipe.inputsHash) return 'present';
  const dir = cacheDir(context);
  const stem = fileStem(recipe.ref);
  const tarball = join(dir, `${stem}-${recipe.inputsHash.slice(0, 16)}.tar`);
  // One builder per image on the machine; the others then load what it saved.
  return withFileLock(join(dir, `.${stem}.lock`), async () => {
    if ((await inputsLabel(context, recipe.ref)) === recipe.inputsHash) return 'present';
    if (existsSync(tarball)) {
      await dockerLogged(context.settings, ['image', 'load', '--quiet', '--input', tarball]);
      if ((await inputsLabel(context, recipe.ref)) === recipe.inputsHash) {
        const now = new Date();
        utimesSync(tarball, now, now);
        await pruneReplaced(context);
        return 'loaded';
      }
      rmSync(tarball, { force: true });
    }
    context.log(`images: building ${recipe.title} (${recipe.ref})`);
    await recipe.build({
      [INPUTS_LABEL]: recipe.inputsHash,
      'org.opencontainers.image.title': recipe.title,
      'org.opencontainers.image.version': platformVersion(),
      'org.opencontainers.image.revision': gitRevision(REPO_ROOT),
    });
    if ((await inputsLabel(context, recipe.ref)) !== recipe.inputsHash) {
      throw new Error(`building ${recipe.title} did not produce ${recipe.ref} with its inputs label`);
    }
    mkdirSync(dir, { recursive: true });
    const partial = `${tarball}.partial-${process.pid}`;
    await dockerLogged(context.settings, ['image', 'save', '--output', partial, recipe.ref]);
    renameSync(partial, tarball);
    pruneTarballs(dir, stem);
    await pruneReplaced(context);
    return 'built';
  });
}
