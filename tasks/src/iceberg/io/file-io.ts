/** The file operations a table needs from its store (data, manifests, metadata files). */
export interface FileIO {
  put(uri: string, body: Uint8Array, contentType?: string): Promise<void>;
  get(uri: string): Promise<Buffer>;
  exists(uri: string): Promise<boolean>;
  /** Size in bytes, or undefined when absent. */
  head(uri: string): Promise<number | undefined>;
  delete(uri: string): Promise<void>;
}
