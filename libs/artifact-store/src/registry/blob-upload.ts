import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { ByteReader } from '../archive/byte-reader.js';
import { digestFile, sha256Digest } from './digest.js';
import { drain, header } from './http-transport.js';
import type { Call, RegistryHttp } from './registry-http.js';

export type PushBlobResult = {
  digest: string;
  size: number;
  /** Bytes sent to the registry by this call. */
  bytesUploaded: number;
  /** Bytes not sent because the registry already had the blob. */
  bytesSkipped: number;
};

/**
 * Pushes a blob from a file (hashed first, so an existing blob is skipped without sending it) or
 * a stream (hashed as it goes; at most one chunk in memory). A stream that fits in one chunk is
 * sent with a monolithic PUT after an existence check; a longer one as chunked PATCH uploads.
 */
export async function pushBlob(
  http: RegistryHttp,
  repo: string,
  source: Readable | string,
  chunkSize: number,
): Promise<PushBlobResult> {
  if (typeof source !== 'string') {
    return uploadStream(http, repo, source, chunkSize);
  }
  const { digest, size } = await digestFile(source);
  if (await blobExists(http, repo, digest)) {
    return { digest, size, bytesUploaded: 0, bytesSkipped: size };
  }
  const result = await uploadStream(http, repo, createReadStream(source), chunkSize);
  if (result.digest !== digest) {
    throw http.error(
      'DIGEST_MISMATCH',
      `${source} changed while it was being pushed (${digest} before, ${result.digest} after)`,
    );
  }
  return result;
}

export async function blobExists(
  http: RegistryHttp,
  repo: string,
  digest: string,
): Promise<boolean> {
  const call: Call = {
    method: 'HEAD',
    path: `/v2/${repo}/blobs/${digest}`,
    scope: pullScope(repo),
    what: `checking blob ${digest} in ${repo}`,
    repo,
  };
  const response = await http.call(call);
  drain(response);
  if (response.status === 200) {
    return true;
  }
  if (response.status === 404) {
    return false;
  }
  return http.fail(response, call);
}

async function uploadStream(
  http: RegistryHttp,
  repo: string,
  stream: Readable,
  chunkSize: number,
): Promise<PushBlobResult> {
  const reader = new ByteReader(stream as AsyncIterable<Buffer>);
  const first = await reader.read(chunkSize);
  const second = first.length === chunkSize ? await reader.read(chunkSize) : Buffer.alloc(0);
  if (second.length === 0) {
    const digest = sha256Digest(first);
    if (await blobExists(http, repo, digest)) {
      return { digest, size: first.length, bytesUploaded: 0, bytesSkipped: first.length };
    }
    const location = await startUpload(http, repo);
    await finishUpload(http, repo, location, digest, first);
    return { digest, size: first.length, bytesUploaded: first.length, bytesSkipped: 0 };
  }
  const hash = createHash('sha256');
  let location = await startUpload(http, repo);
  let offset = 0;
  try {
    for await (const chunk of chunks(reader, chunkSize, [first, second])) {
      hash.update(chunk);
      location = await patchChunk(http, repo, location, chunk, offset);
      offset += chunk.length;
    }
    const digest = `sha256:${hash.digest('hex')}`;
    await finishUpload(http, repo, location, digest);
    return { digest, size: offset, bytesUploaded: offset, bytesSkipped: 0 };
  } catch (error) {
    await cancelUpload(http, repo, location);
    throw error;
  }
}

async function* chunks(
  reader: ByteReader,
  chunkSize: number,
  already: Buffer[],
): AsyncGenerator<Buffer> {
  yield* already;
  for (
    let chunk = await reader.read(chunkSize);
    chunk.length > 0;
    chunk = await reader.read(chunkSize)
  ) {
    yield chunk;
  }
}

export async function startUpload(http: RegistryHttp, repo: string, query = ''): Promise<URL> {
  const call: Call = {
    method: 'POST',
    path: `/v2/${repo}/blobs/uploads/${query}`,
    scope: pushScope(repo),
    what: `starting an upload to ${repo}`,
    repo,
  };
  const response = await http.call(call);
  if (response.status !== 202) {
    return http.fail(response, call, 'UNKNOWN');
  }
  drain(response);
  return locationOf(http, response.headers.location);
}

async function patchChunk(
  http: RegistryHttp,
  repo: string,
  location: URL,
  chunk: Buffer,
  offset: number,
): Promise<URL> {
  const range = `${offset}-${offset + chunk.length - 1}`;
  const call: Call = {
    method: 'PATCH',
    path: location.pathname + location.search,
    headers: { 'content-type': 'application/octet-stream', 'content-range': range },
    body: chunk,
    scope: pushScope(repo),
    what: `uploading bytes ${range} to ${repo}`,
    repo,
  };
  const response = await http.call(call);
  if (response.status === 202) {
    drain(response);
    return locationOf(http, response.headers.location);
  }
  if (response.status === 416) {
    // A retried PATCH whose first try did arrive: carry on if the registry has the whole chunk.
    drain(response);
    const status = await http.call({ ...call, method: 'GET', body: undefined, headers: {} });
    drain(status);
    const end = /^0-(\d+)$/.exec(header(status, 'range') ?? '')?.[1];
    if (status.status === 204 && Number(end) === offset + chunk.length - 1) {
      return locationOf(http, status.headers.location);
    }
  }
  return http.fail(response, call);
}

async function finishUpload(
  http: RegistryHttp,
  repo: string,
  location: URL,
  digest: string,
  body?: Buffer,
): Promise<void> {
  const url = new URL(location);
  url.searchParams.set('digest', digest);
  const call: Call = {
    method: 'PUT',
    path: url.pathname + url.search,
    headers: body ? { 'content-type': 'application/octet-stream' } : {},
    body,
    scope: pushScope(repo),
    what: `completing the upload of ${digest} to ${repo}`,
    repo,
  };
  const response = await http.call(call);
  if (response.status !== 201) {
    return http.fail(response, call);
  }
  drain(response);
}

export async function cancelUpload(http: RegistryHttp, repo: string, location: URL): Promise<void> {
  try {
    const response = await http.call({
      method: 'DELETE',
      path: location.pathname + location.search,
      scope: pushScope(repo),
      what: `cancelling an upload to ${repo}`,
      repo,
    });
    drain(response);
  } catch {
    // Best effort: the registry expires abandoned uploads itself.
  }
}

export function locationOf(http: RegistryHttp, location: string | undefined): URL {
  if (!location) {
    throw http.error(
      'UNKNOWN',
      `registry ${http.host} answered an upload without a Location header`,
    );
  }
  return new URL(location, http.baseUrl);
}

export const pullScope = (repo: string) => `repository:${repo}:pull`;
export const pushScope = (repo: string) => `repository:${repo}:pull,push`;
