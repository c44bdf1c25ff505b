import {
  apiHost,
  formatImageReference,
  manifestReference,
  ociAccept,
  parseImageReference,
  RegistryClient,
  RegistryError,
} from '@kiln/artifact-store';

/** An import's outcome: the image by digest, or why there is none (a TagEventCondition reason). */
export type ImportResult =
  | { ok: true; digest: string; dockerImageReference: string }
  | { ok: false; reason: string; message: string };

const REASONS: Record<string, string> = {
  NAME_UNKNOWN: 'NotFound',
  MANIFEST_INVALID: 'NotFound',
  UNAUTHORIZED: 'Unauthorized',
  DENIED: 'Unauthorized',
  UNREACHABLE: 'InternalError',
};

/**
 * Looks an external image up the way an ImageStreamImport does: reads its manifest (never its
 * layers) and answers `registry/repo@digest`. Anonymous; `insecure` talks plain HTTP.
 */
export class ImageImporter {
  async lookUp(pullSpec: string, insecure: boolean): Promise<ImportResult> {
    const ref = parseImageReference(pullSpec);
    const client = new RegistryClient({
      host: apiHost(ref.registry),
      ...(insecure ? { insecure: true } : {}),
      retry: { budgetMs: 5_000 },
    });
    try {
      const manifest = await client.getManifest(ref.repository, manifestReference(ref), ociAccept);
      const pinned = {
        registry: ref.registry,
        repository: ref.repository,
        digest: manifest.digest,
      };
      return {
        ok: true,
        digest: manifest.digest,
        dockerImageReference: formatImageReference(pinned),
      };
    } catch (error) {
      if (error instanceof RegistryError) {
        return {
          ok: false,
          reason: REASONS[error.code] ?? 'InternalError',
          message: error.message,
        };
      }
      return { ok: false, reason: 'InternalError', message: (error as Error).message };
    }
  }
}
