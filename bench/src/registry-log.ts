/** One request in docker-registry's JSON access log. */
export type RegistryRequest = {
  time: number;
  method: string;
  uri: string;
  status: number;
  written: number;
};

/** The requests in docker-registry's log text (its JSON lines; the Apache-style ones are skipped). */
export function parseRegistryLog(text: string): RegistryRequest[] {
  const requests: RegistryRequest[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{') || !line.includes('"http.request.uri"')) {
      continue;
    }
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      requests.push({
        time: Date.parse(String(entry.time)),
        method: String(entry['http.request.method']),
        uri: String(entry['http.request.uri']),
        status: Number(entry['http.response.status']),
        written: Number(entry['http.response.written'] ?? 0),
      });
    } catch {
      // a line cut by a concurrent write
    }
  }
  return requests;
}

/** Blob bytes served for GETs under `repository` between two instants (pulls of that image). */
export function blobBytesPulled(
  requests: readonly RegistryRequest[],
  repository: string,
  from: number,
  to: number,
): number {
  const prefix = `/v2/${repository}/blobs/`;
  return requests
    .filter((r) => r.method === 'GET' && r.status === 200 && r.uri.startsWith(prefix))
    .filter((r) => r.time >= from && r.time <= to)
    .reduce((sum, r) => sum + r.written, 0);
}
