import { Injectable } from '@nestjs/common';
import { RegistryError } from '@kiln/artifact-store';
import type { Build, BuildConfig } from '@kiln/build-types';
import type { IncomingMessage } from 'node:http';
import { refuseToStart } from '../builds/build-generator.js';
import { ApiError } from '../http/api-error.js';
import type { BinaryUpload } from '../storage/build.repository.js';
import { detectArchiveFormat, SNIFF_BYTES } from './archive-format.js';
import { binaryBuildRequest } from './binary-request.js';
import { BuildConfigsService } from './buildconfigs.service.js';
import { SourceUploadStore } from './source-upload.store.js';
import { hasUnsupportedStrategy } from './start-guards.js';
import { limitedBody, peek, UploadAborted, UploadTooLarge } from './upload-stream.js';

/**
 * instantiatebinary: the request body streams into the artifact store, then a build is created
 * carrying a reference to it. Nothing is kept when the upload fails: no build is created, and a
 * partial upload is abandoned. (OpenShift streams the body into the running build pod instead;
 * storing it first means the build does not hold the request open while it waits to run.)
 */
@Injectable()
export class BinaryBuildService {
  constructor(
    private readonly configs: BuildConfigsService,
    private readonly uploads: SourceUploadStore,
  ) {}

  async instantiate(
    namespace: string,
    name: string,
    query: Record<string, unknown>,
    body: IncomingMessage,
  ): Promise<Build> {
    const request = binaryBuildRequest(name, query);
    // Checked before reading the body, so that a refused request costs no upload.
    const config: BuildConfig = await this.configs.get(namespace, name);
    refuseToStart(config);
    if (hasUnsupportedStrategy(config.spec)) {
      // Its build fails at once and would never read the upload: none is stored.
      body.resume();
      return this.configs.instantiateBinary(namespace, name, request);
    }
    const upload = await this.receive(namespace, body, request.binary?.asFile ?? undefined);
    return this.configs.instantiateBinary(namespace, name, request, upload);
  }

  private async receive(
    namespace: string,
    body: IncomingMessage,
    asFile: string | undefined,
  ): Promise<BinaryUpload> {
    const limit = this.uploads.maxBytes;
    if (Number(body.headers['content-length'] ?? 0) > limit) {
      throw tooLarge(limit);
    }
    try {
      const sniffed = await peek(limitedBody(body, limit), SNIFF_BYTES);
      const format = asFile ? 'file' : detectArchiveFormat(sniffed.head);
      if (!format) {
        throw new ApiError(
          'BadRequest',
          'the upload is not a tar, tar.gz or zip archive: send an archive, or a single file with asFile=NAME',
        );
      }
      const upload = await this.uploads.push(namespace, sniffed.body, format);
      return { upload, format, ...(asFile ? { asFile } : {}) };
    } catch (error) {
      if (error instanceof UploadTooLarge) {
        throw tooLarge(limit);
      }
      if (error instanceof UploadAborted) {
        throw new ApiError('BadRequest', error.message);
      }
      if (error instanceof RegistryError) {
        throw new ApiError('ServiceUnavailable', `storing the upload failed: ${error.message}`);
      }
      throw error;
    }
  }
}

const tooLarge = (limit: number) =>
  new ApiError(
    'RequestEntityTooLarge',
    `the upload is larger than the limit of ${limit} bytes (KILN_MAX_UPLOAD_BYTES)`,
  );
