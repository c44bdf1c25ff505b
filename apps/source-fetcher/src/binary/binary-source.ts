import {
  ArchiveEntryRefused,
  extractArchive,
  extractSingleFile,
  RegistryError,
  type ExtractLimits,
  type RegistryClient,
} from '@kiln/artifact-store';
import type { EventOf } from '@kiln/events';
import { FetchError } from '../fetch/fetch-errors.js';
import type { FetchLog } from '../fetch/fetch-log.js';

export type BinaryUpload = NonNullable<EventOf<'kiln.v1.build.requested'>['binary']>;

/**
 * A binary build's upload (stored by build-api as one blob in `kiln-sources/<namespace>`),
 * pulled and validated with the shared safe extraction: only files, directories and links that
 * stay inside, under the farm's size, count and depth limits. `asFile` uploads become one file.
 */
export class BinarySource {
  constructor(
    private readonly registry: RegistryClient,
    private readonly limits: ExtractLimits,
  ) {}

  /** The upload's repository (without host), after checking it is this namespace's. */
  repositoryOf(upload: BinaryUpload, namespace: string): string {
    const repo = `kiln-sources/${namespace}`;
    if (upload.upload.repository !== `${this.registry.host}/${repo}`) {
      throw new FetchError(
        'FetchSourceFailed',
        `the binary upload ${upload.upload.repository} is not in this namespace's source store`,
      );
    }
    return repo;
  }

  async extract(
    upload: BinaryUpload,
    namespace: string,
    dir: string,
    log: FetchLog,
  ): Promise<void> {
    const repo = this.repositoryOf(upload, namespace);
    const what =
      upload.format === 'file' ? `file "${upload.asFile ?? ''}"` : `${upload.format} archive`;
    log.line(`Receiving the uploaded ${what} (${upload.upload.size} bytes) ...`);
    try {
      const blob = await this.registry.getBlob(repo, upload.upload.digest);
      if (upload.format === 'file') {
        const written = await extractSingleFile(blob, dir, upload.asFile ?? '', {
          maxBytes: this.limits.maxBytes,
        });
        log.line(`Stored the upload as ${upload.asFile ?? ''} (${written.bytes} bytes)`);
      } else {
        const result = await extractArchive(blob, dir, { format: upload.format, ...this.limits });
        log.line(`Extracted ${result.entries} entries (${result.bytes} bytes) from the upload`);
      }
    } catch (error) {
      throw explain(error, upload);
    }
  }
}

function explain(error: unknown, upload: BinaryUpload): unknown {
  if (error instanceof ArchiveEntryRefused) {
    return new FetchError(
      'FetchSourceFailed',
      `the uploaded ${upload.format === 'file' ? 'file' : 'archive'} was refused: ${error.message}`,
    );
  }
  if (error instanceof RegistryError) {
    if (error.code === 'BLOB_UNKNOWN' || error.code === 'NAME_UNKNOWN') {
      return new FetchError(
        'FetchSourceFailed',
        `the upload ${upload.upload.digest} is no longer in the artifact store: start the build again`,
      );
    }
    if (error.code === 'DIGEST_MISMATCH') {
      return new FetchError(
        'FetchSourceFailed',
        `the upload could not be read back intact: ${error.message}`,
      );
    }
    return error; // the registry is unreachable or failing: worth a retry
  }
  // Duck-typed: zlib and yauzl errors may come from another realm (jest's VM), failing instanceof.
  const failure = error as { message?: unknown; syscall?: unknown } | null;
  if (failure && typeof failure.message === 'string' && failure.syscall === undefined) {
    // Not a valid archive of its format (bad gzip, checksum, truncated zip, ...); a failing
    // system call (disk full) is the machine's problem and is retried instead.
    return new FetchError(
      'FetchSourceFailed',
      `the upload is not a readable ${upload.format} archive: ${failure.message}`,
    );
  }
  return error;
}
