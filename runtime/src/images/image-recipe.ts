/** One image as the image cache sees it: where it goes, what decides its content, how to make it. */
export interface ImageRecipe {
  /** For progress lines and the tarball's file name ("base node20", "tasks"). */
  readonly title: string;
  /** The reference it is tagged with. */
  readonly ref: string;
  /** sha256 of everything that decides its content; the image carries it as a label. */
  readonly inputsHash: string;
  /**
   * Builds the image tagged `ref`, carrying `labels`, after making what the build needs (the
   * bases it is built on) exist. Called only when the image is neither present nor in the cache.
   */
  build(labels: Readonly<Record<string, string>>): Promise<void>;
}
