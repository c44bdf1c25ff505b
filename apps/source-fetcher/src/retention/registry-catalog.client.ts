/**
 * The repositories of the farm registry (`/v2/_catalog`, which docker-registry serves and the
 * RegistryClient does not cover), following its pagination. The farm registry is reached
 * without credentials, as every Kiln worker reaches it.
 */
export class RegistryCatalogClient {
  constructor(
    private readonly host: string,
    private readonly insecure = true,
  ) {}

  async repositories(pageSize = 500): Promise<string[]> {
    const base = `${this.insecure ? 'http' : 'https'}://${this.host}`;
    const found: string[] = [];
    for (let path: string | undefined = `/v2/_catalog?n=${pageSize}`; path;) {
      const response = await fetch(new URL(path, base), { signal: AbortSignal.timeout(30_000) });
      if (!response.ok) {
        throw new Error(`listing the repositories of ${this.host} failed: HTTP ${response.status}`);
      }
      const page = (await response.json()) as { repositories?: string[] | null };
      found.push(...(page.repositories ?? []));
      const next = /<([^>]+)>;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1];
      path = next ? `${new URL(next, base).pathname}${new URL(next, base).search}` : undefined;
    }
    return found;
  }
}
