import { writeBundleManifest, type RegistryClient } from '@kiln/artifact-store';
import type { Readable } from 'node:stream';
import type { BinaryUpload } from '../storage/build.repository.js';

/**
 * Where binary build uploads go: one blob each in `kiln-sources/<namespace>` of the farm
 * registry, streamed (at most one registry chunk in memory). A stream that fails part-way
 * leaves nothing: the client cancels a started chunked upload.
 *
 * A blob no manifest references is what the registry's garbage-collect frees, and the build may
 * wait in its queue a while: so the blob at once gets a bundle manifest with a dated tag, which
 * keeps it until the retention sweep expires it like any bundle. For an archive it is the very
 * manifest the fetcher writes when it uses the upload as it came: the same digest, tagged again.
 */
export class SourceUploadStore {
  constructor(
    private readonly client: RegistryClient,
    /** KILN_MAX_UPLOAD_BYTES. */
    readonly maxBytes: number,
  ) {}

  async push(
    namespace: string,
    body: Readable,
    format: BinaryUpload['format'],
  ): Promise<BinaryUpload['upload']> {
    const repository = `kiln-sources/${namespace}`;
    const blob = await this.client.pushBlob(repository, body);
    await writeBundleManifest(this.client, repository, blob, format);
    return {
      repository: `${this.client.host}/${repository}`,
      digest: blob.digest,
      size: blob.size,
    };
  }
}
