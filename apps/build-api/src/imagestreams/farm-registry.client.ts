import { ociAccept, RegistryClient, RegistryError } from '@kiln/artifact-store';

/** Registry calls from the sweep fail fast: the next sweep tries again. */
const RETRY = { budgetMs: 2_000 };

/**
 * The farm registry as the reconciler reads it: which repositories exist, and which digest each
 * tag of one names. Plain HTTP, no credentials, as everything in build-api reaches it.
 */
export class FarmRegistryClient {
  private readonly client: RegistryClient;

  constructor(readonly host: string) {
    this.client = new RegistryClient({ host, insecure: true, retry: RETRY });
  }

  /** tag → manifest digest; empty when the repository does not exist (yet). */
  async tagDigests(repository: string): Promise<Map<string, string>> {
    const digests = new Map<string, string>();
    let tags: string[];
    try {
      tags = await this.client.listTags(repository);
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'NAME_UNKNOWN') {
        return digests;
      }
      throw error;
    }
    for (const tag of tags) {
      try {
        digests.set(tag, (await this.client.getManifest(repository, tag, ociAccept)).digest);
      } catch (error) {
        // Deleted between the listing and now.
        if (!(error instanceof RegistryError && error.status === 404)) {
          throw error;
        }
      }
    }
    return digests;
  }

  /** Every repository (`/v2/_catalog`, following its pages). */
  async repositories(): Promise<string[]> {
    const found: string[] = [];
    for (let path: string | undefined = '/v2/_catalog?n=1000'; path;) {
      const response = await fetch(`http://${this.host}${path}`, {
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) {
        throw new Error(`registry ${this.host} refused the catalog (${response.status})`);
      }
      const page = (await response.json()) as { repositories?: string[] | null };
      found.push(...(page.repositories ?? []));
      const next = /<([^>]+)>;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1];
      path = next
        ? new URL(next, `http://${this.host}`).pathname +
          new URL(next, `http://${this.host}`).search
        : undefined;
    }
    return found;
  }
}
