/** A containers-storage configuration; Buildah reads it from CONTAINERS_STORAGE_CONF. */
export type StorageConf = {
  graphroot: string;
  runroot: string;
  driver: 'overlay' | 'vfs';
  /** Read-only image stores consulted before pulling (the node's shared base images). */
  additionalImageStores: string[];
};

const quote = (value: string): string => JSON.stringify(value);

/**
 * storage.conf text. Buildah honours `additionalimagestores` only from this file: `--root` and
 * friends on the command line replace the options, so builds pass no storage flags at all.
 */
export function storageConfText(conf: StorageConf): string {
  return [
    '[storage]',
    `driver = ${quote(conf.driver)}`,
    `graphroot = ${quote(conf.graphroot)}`,
    `runroot = ${quote(conf.runroot)}`,
    '',
    '[storage.options]',
    `additionalimagestores = [${conf.additionalImageStores.map(quote).join(', ')}]`,
    '',
  ].join('\n');
}

/** One tenant's layer cache as the eviction policy sees it. */
export type CacheEntry = { key: string; bytes: number; lastUsedMs: number; inUse: boolean };

/**
 * Least recently used caches to remove so the total fits `maxBytes`; caches in use by a running
 * build are never chosen (they may exceed the bound until those builds end).
 */
export function cachesToEvict(entries: readonly CacheEntry[], maxBytes: number): string[] {
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);
  const evict: string[] = [];
  for (const entry of [...entries].sort((a, b) => a.lastUsedMs - b.lastUsedMs)) {
    if (total <= maxBytes) {
      break;
    }
    if (!entry.inUse) {
      evict.push(entry.key);
      total -= entry.bytes;
    }
  }
  return evict;
}

/** A file-name-safe cache key for one BuildConfig of one namespace (names are DNS-1123). */
export function cacheKey(namespace: string, buildConfig: string): string {
  const safe = (s: string) => s.replace(/[^a-z0-9.-]/g, '_');
  return `${safe(namespace)}--${safe(buildConfig)}`;
}
