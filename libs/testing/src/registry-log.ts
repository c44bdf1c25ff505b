import { readFileSync, statSync } from 'node:fs';

/** One request in docker-registry's JSON access log. */
export type RegistryRequest = {
  time: number;
  method: string;
  uri: string;
  status: number;
  written: number;
};

/**
 * The requests in docker-registry's log text: its "response completed" JSON lines, one per
 * request. Other JSON lines about the same request (errors resolving it) and the Apache-style
 * access lines are skipped, so that no request is counted twice.
 */
export function parseRegistryLog(text: string): RegistryRequest[] {
  const requests: RegistryRequest[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{') || !line.includes('"http.request.uri"')) {
      continue;
    }
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (!String(entry.msg).startsWith('response completed')) {
        continue;
      }
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

/**
 * Marks the end of a registry's log now; the returned function reads the requests logged since.
 * The registry logs a request before its response leaves, so a client that has its answer
 * finds the request in the log.
 */
export function registryLogFrom(logFile: string): () => RegistryRequest[] {
  const start = statSync(logFile).size;
  return () => parseRegistryLog(readFileSync(logFile).subarray(start).toString('utf8'));
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

/** One upload session: its PATCHes and final PUT share the session id in their path. */
export type BlobUpload = {
  session: string;
  /** The digest of the committed blob; undefined when bytes went up but were never committed. */
  digest?: string;
};

const uploadPath = /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/;

function parseUpload(uri: string): { repository: string; session: string; query: URLSearchParams } {
  const url = new URL(uri, 'http://registry');
  const [, repository = '', session = ''] = uploadPath.exec(url.pathname) ?? [];
  return { repository, session, query: url.searchParams };
}

/**
 * Blob uploads into `repository`, by session: every session that sent bytes (PATCH, or PUT
 * with the body), whether or not it was committed, and single-request POST ?digest= uploads.
 * Mounts are not uploads and are left out.
 */
export function blobUploads(
  requests: readonly RegistryRequest[],
  repository: string,
): BlobUpload[] {
  const sessions = new Map<string, BlobUpload>();
  requests.forEach((request, index) => {
    const upload = parseUpload(request.uri);
    const digest = upload.query.get('digest') ?? undefined;
    if (upload.repository !== repository) {
      return;
    }
    if (request.method === 'POST' && request.status === 201 && digest) {
      sessions.set(`post-${index}`, { session: `post-${index}`, digest });
      return;
    }
    if ((request.method !== 'PATCH' && request.method !== 'PUT') || !upload.session) {
      return;
    }
    const session = sessions.get(upload.session) ?? { session: upload.session };
    if (request.method === 'PUT' && request.status === 201 && digest) {
      session.digest = digest;
    }
    sessions.set(upload.session, session);
  });
  return [...sessions.values()];
}

/** Digests mounted into `repository` from another repository (POST ?mount=, 201 Created). */
export function blobMounts(requests: readonly RegistryRequest[], repository: string): string[] {
  return requests
    .filter((r) => r.method === 'POST' && r.status === 201)
    .map((r) => parseUpload(r.uri))
    .filter((u) => u.repository === repository && u.query.has('mount'))
    .map((u) => u.query.get('mount') ?? '');
}
