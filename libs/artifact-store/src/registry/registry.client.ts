import type { Readable } from 'node:stream';
import {
  blobExists,
  cancelUpload,
  locationOf,
  pullScope,
  pushBlob,
  pushScope,
  type PushBlobResult,
} from './blob-upload.js';
import { DigestVerifier, isDigest, sha256Digest } from './digest.js';
import { drain, header, readBody } from './http-transport.js';
import { RegistryHttp, type Call, type RegistryClientOptions } from './registry-http.js';

export type ManifestResult = { digest: string; mediaType: string; body: Buffer };

const manifestRetryDelaysMs = [50, 200, 500, 1000];
const transientManifestCodes = new Set(['DIGEST_INVALID', 'BLOB_UNKNOWN', 'MANIFEST_BLOB_UNKNOWN']);

// Blobs up to one chunk go in a single PUT; longer ones in PATCHes of this size.
const defaultChunkSize = 8 * 1024 * 1024;

/** A client for one OCI distribution registry (docker-registry 2.8 and compatible). */
export class RegistryClient {
  private readonly http: RegistryHttp;
  private readonly chunkSize: number;

  constructor(options: RegistryClientOptions & { chunkSize?: number }) {
    this.http = new RegistryHttp(options);
    this.chunkSize = options.chunkSize ?? defaultChunkSize;
  }

  get host(): string {
    return this.http.host;
  }

  blobExists(repo: string, digest: string): Promise<boolean> {
    return blobExists(this.http, repo, digest);
  }

  /** Streams a blob up (from a Readable or a file path); skips it when the registry has it. */
  pushBlob(repo: string, source: Readable | string): Promise<PushBlobResult> {
    return pushBlob(this.http, repo, source, this.chunkSize);
  }

  /** Cross-repository mount: true when mounted; false when the registry could not (upload cancelled). */
  async mountBlob(fromRepo: string, toRepo: string, digest: string): Promise<boolean> {
    const query = `?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(fromRepo)}`;
    const call: Call = {
      method: 'POST',
      path: `/v2/${toRepo}/blobs/uploads/${query}`,
      scope: `${pushScope(toRepo)} ${pullScope(fromRepo)}`,
      what: `mounting ${digest} from ${fromRepo} into ${toRepo}`,
      repo: toRepo,
    };
    const response = await this.http.call(call);
    drain(response);
    if (response.status === 201) {
      return true;
    }
    if (response.status === 202) {
      // The registry opened an ordinary upload instead; we do not want it.
      await cancelUpload(this.http, toRepo, locationOf(this.http, response.headers.location));
      return false;
    }
    return this.http.fail(response, call);
  }

  /** The blob's content as a stream that errors (DIGEST_MISMATCH) if it does not hash to digest. */
  async getBlob(repo: string, digest: string): Promise<Readable> {
    const call: Call = {
      method: 'GET',
      path: `/v2/${repo}/blobs/${digest}`,
      scope: pullScope(repo),
      what: `fetching blob ${digest} from ${repo}`,
      repo,
    };
    let response = await this.http.call(call);
    if ([301, 302, 303, 307, 308].includes(response.status)) {
      // Storage redirects (S3 and the like) are signed URLs: no registry credentials go there.
      drain(response);
      const target = new URL(header(response, 'location') ?? '', this.http.baseUrl);
      response = await new RegistryHttp({
        ...this.http.options,
        host: target.host,
        credentials: undefined,
        insecure: target.protocol === 'http:',
      }).call({ ...call, path: target.pathname + target.search });
    }
    if (response.status !== 200) {
      return this.http.fail(response, call, 'BLOB_UNKNOWN');
    }
    const verifier = new DigestVerifier(digest, (actual, bytes) =>
      this.http.error(
        'DIGEST_MISMATCH',
        `blob ${digest} from ${repo} at ${this.host} hashed to ${actual} (${bytes} bytes): the registry's storage is corrupt or the transfer was altered`,
      ),
    );
    response.body.on('error', (error) => verifier.destroy(error));
    return response.body.pipe(verifier);
  }

  /** Uploads a manifest under a tag or digest; returns the digest of the exact bytes sent. */
  async putManifest(
    repo: string,
    reference: string,
    manifest: string | Buffer,
    mediaType: string,
  ): Promise<string> {
    const body = Buffer.isBuffer(manifest) ? manifest : Buffer.from(manifest, 'utf8');
    const digest = sha256Digest(body);
    const call: Call = {
      method: 'PUT',
      path: `/v2/${repo}/manifests/${reference}`,
      headers: { 'content-type': mediaType },
      body,
      scope: pushScope(repo),
      what: `pushing manifest ${reference} to ${repo}`,
      repo,
    };
    // docker-registry checks a manifest's blobs while other uploads of the same blob (the
    // empty config every bundle shares, a common base layer) may still be committing it, and
    // then refuses a sound manifest (DIGEST_INVALID, BLOB_UNKNOWN). A manifest PUT is
    // content-addressed and so safe to repeat: a moment later the blob is whole.
    let response = await this.http.call(call);
    for (let attempt = 0; response.status !== 201; attempt++) {
      const errors = response.status >= 400 ? await this.http.errorCodes(response) : [];
      const racing = errors.some((e) => transientManifestCodes.has(e.code ?? ''));
      if (!racing || attempt >= manifestRetryDelaysMs.length) {
        throw this.http.refused(response.status, errors, call, 'MANIFEST_INVALID');
      }
      await new Promise((resolve) => setTimeout(resolve, manifestRetryDelaysMs[attempt]));
      response = await this.http.call(call);
    }
    drain(response);
    const stored = header(response, 'docker-content-digest');
    if (stored && stored !== digest) {
      throw this.http.error(
        'DIGEST_MISMATCH',
        `registry ${this.host} stored manifest ${reference} in ${repo} as ${stored}, not ${digest}`,
      );
    }
    return digest;
  }

  async getManifest(
    repo: string,
    reference: string,
    accept: readonly string[],
  ): Promise<ManifestResult> {
    const call: Call = {
      method: 'GET',
      path: `/v2/${repo}/manifests/${reference}`,
      headers: { accept: accept.join(', ') },
      scope: pullScope(repo),
      what: `fetching manifest ${reference} from ${repo}`,
      repo,
    };
    const response = await this.http.call(call);
    if (response.status !== 200) {
      return this.http.fail(response, call, 'NAME_UNKNOWN');
    }
    const body = await readBody(response);
    const digest = sha256Digest(body);
    if (isDigest(reference) && digest !== reference) {
      throw this.http.error(
        'DIGEST_MISMATCH',
        `manifest ${reference} from ${repo} at ${this.host} hashed to ${digest}`,
      );
    }
    const mediaType =
      header(response, 'content-type') ??
      (JSON.parse(body.toString('utf8')) as { mediaType?: string }).mediaType ??
      '';
    return { digest, mediaType, body };
  }

  async manifestExists(
    repo: string,
    reference: string,
    accept: readonly string[] = ociAccept,
  ): Promise<boolean> {
    const call: Call = {
      method: 'HEAD',
      path: `/v2/${repo}/manifests/${reference}`,
      headers: { accept: accept.join(', ') },
      scope: pullScope(repo),
      what: `checking manifest ${reference} in ${repo}`,
      repo,
    };
    const response = await this.http.call(call);
    drain(response);
    if (response.status === 200) {
      return true;
    }
    return response.status === 404 ? false : this.http.fail(response, call);
  }

  /** Deletes a manifest by digest; false when it was already gone. Blobs stay until the registry's garbage-collect. */
  async deleteManifest(repo: string, digest: string): Promise<boolean> {
    const call: Call = {
      method: 'DELETE',
      path: `/v2/${repo}/manifests/${digest}`,
      scope: `repository:${repo}:delete`,
      what: `deleting manifest ${digest} from ${repo}`,
      repo,
    };
    const response = await this.http.call(call);
    if (response.status === 202) {
      drain(response);
      return true;
    }
    if (response.status === 404) {
      drain(response);
      return false;
    }
    return this.http.fail(response, call);
  }

  /** Every tag of a repository, following the registry's pagination. */
  async listTags(repo: string): Promise<string[]> {
    const tags: string[] = [];
    for (let path: string | undefined = `/v2/${repo}/tags/list`; path;) {
      const call: Call = {
        method: 'GET',
        path,
        scope: pullScope(repo),
        what: `listing the tags of ${repo}`,
        repo,
      };
      const response = await this.http.call(call);
      if (response.status !== 200) {
        return this.http.fail(response, call, 'NAME_UNKNOWN');
      }
      const page = JSON.parse((await readBody(response)).toString('utf8')) as {
        tags?: string[] | null;
      };
      tags.push(...(page.tags ?? []));
      const next = /<([^>]+)>;\s*rel="?next"?/.exec(header(response, 'link') ?? '')?.[1];
      path = next
        ? new URL(next, this.http.baseUrl).pathname + new URL(next, this.http.baseUrl).search
        : undefined;
    }
    return tags;
  }
}

export const ociAccept = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
] as const;
