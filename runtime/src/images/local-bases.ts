import type { BaseImage } from './base-image.js';
import { BASES } from './bases/index.js';
import { ensureImage, type ImageState } from './image-cache.js';
import type { ImageContext } from './image-context.js';
import type { ImageRecipe } from './image-recipe.js';
import { hashParts } from './inputs-hash.js';

function baseNamed(name: string): BaseImage {
  const base = BASES[name];
  if (!base) throw new Error(`unknown base image "${name}" (known: ${Object.keys(BASES).join(', ')})`);
  return base;
}

/**
 * A base's recipe: its tag carries the hash of its own inputs and of its parents' tags, and its
 * build first makes its parents exist (states collects what happened to each image).
 */
export function baseRecipe(context: ImageContext, name: string, states: Map<string, ImageState>): ImageRecipe {
  const base = baseNamed(name);
  const parents = Object.fromEntries(
    Object.entries(base.parents).map(([arg, parent]) => [arg, baseRecipe(context, parent, states)]),
  );
  const parentRefs = Object.fromEntries(Object.entries(parents).map(([arg, r]) => [arg, r.ref]));
  const inputsHash = hashParts([base.name, ...base.inputs(context), JSON.stringify(parentRefs)]);
  const ref = `ecommerce-platform/base-${base.name}:${inputsHash.slice(0, 12)}`;
  return {
    title: `base ${base.name}`,
    ref,
    inputsHash,
    async build(labels) {
      for (const parent of Object.values(parents)) await ensureBase(context, parent, states);
      await base.build(context, { ref, labels, parents: parentRefs });
    },
  };
}

/** Makes a base exist in the engine (built only when neither present nor cached); returns its reference. */
export async function ensureBase(
  context: ImageContext,
  target: ImageRecipe,
  states: Map<string, ImageState>,
): Promise<string> {
  if (!states.has(target.title)) states.set(target.title, await ensureImage(context, target));
  return target.ref;
}
