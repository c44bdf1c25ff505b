/** Caps for one extraction; every archive from a user is extracted with all three. */
export type ExtractLimits = {
  /** Total bytes written (counted as they are written, never from headers). */
  maxBytes: number;
  /** Entries of any kind: files, directories, links. */
  maxFiles: number;
  /** Path components of an entry name. */
  maxDepth: number;
};

export type ArchiveFormat = 'tar' | 'tar.gz' | 'zip';

export const defaultExtractLimits: ExtractLimits = {
  maxBytes: 2 * 1024 * 1024 * 1024,
  maxFiles: 200_000,
  maxDepth: 64,
};
