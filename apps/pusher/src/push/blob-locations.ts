/**
 * Where the pusher last saw each blob, per registry host: the repositories it pushed, mounted or
 * found the blob in (containers/image's blob info cache, in memory). It holds digests and
 * repository names only, never a credential. Bounded: the least recently used (host, digest)
 * pairs go first, and each keeps only its most recent repositories.
 */
export class BlobLocations {
  /** `host digest` -> repositories, most recent first; Map order is the recency of use. */
  private readonly entries = new Map<string, string[]>();

  constructor(
    private readonly maxEntries = 4096,
    private readonly maxRepositoriesPerBlob = 5,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Records that `repository` on `host` holds the blob. */
  remember(host: string, digest: string, repository: string): void {
    const key = keyOf(host, digest);
    const known = this.entries.get(key) ?? [];
    this.entries.delete(key);
    this.entries.set(
      key,
      [repository, ...known.filter((r) => r !== repository)].slice(0, this.maxRepositoriesPerBlob),
    );
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) {
        break;
      }
      this.entries.delete(oldest);
    }
  }

  /** Repositories on `host` known to hold the blob, most recent first, `except` left out. */
  repositoriesOf(host: string, digest: string, except?: string): string[] {
    const key = keyOf(host, digest);
    const known = this.entries.get(key);
    if (!known) {
      return [];
    }
    this.entries.delete(key);
    this.entries.set(key, known);
    return known.filter((r) => r !== except);
  }
}

const keyOf = (host: string, digest: string): string => `${host} ${digest}`;
