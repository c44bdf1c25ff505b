import type { RegistryClient } from '@kiln/artifact-store';
import type { Readable } from 'node:stream';
import type { BinaryUpload } from '../storage/build.repository.js';

/**
 * Where binary build uploads go: one blob each in `kiln-sources/<namespace>` of the farm
 * registry, streamed (at most one registry chunk in memory). A stream that fails part-way
 * leaves nothing: the client cancels a started chunked upload.
 */
export class SourceUploadStore {
  constructor(
    private readonly client: RegistryClient,
    /** KILN_MAX_UPLOAD_BYTES. */
    readonly maxBytes: number,
  ) {}

  async push(namespace: string, body: Readable): Promise<BinaryUpload['upload']> {
    const repository = `kiln-sources/${namespace}`;
    const blob = await this.client.pushBlob(repository, body);
    return {
      repository: `${this.client.host}/${repository}`,
      digest: blob.digest,
      size: blob.size,
    };
  }
}
