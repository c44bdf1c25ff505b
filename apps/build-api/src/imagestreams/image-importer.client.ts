import { Injectable } from '@nestjs/common';
import {
  apiHost,
  formatImageReference,
  manifestReference,
  ociAccept,
  parseImageReference,
  RegistryClient,
  RegistryError,
  type ImageReference,
  type RegistryCredentials,
} from '@kiln/artifact-store';
import { pullCandidates, withoutCredentials } from './pull-credentials.js';
import { PullSecretsRepository } from './pull-secrets.repository.js';

/** An import's outcome: the image by digest, or why there is none (a TagEventCondition reason). */
export type ImportResult =
  | { ok: true; digest: string; dockerImageReference: string }
  | { ok: false; reason: string; message: string };

/** Where the image is wanted, and how to reach its registry. */
export type LookUpOptions = { namespace: string; insecure: boolean };

/** One attempt's outcome; `denied` when the registry refused the credentials (or none). */
type Attempt = { result: ImportResult; denied: boolean };

const REASONS: Record<string, string> = {
  NAME_UNKNOWN: 'NotFound',
  MANIFEST_INVALID: 'NotFound',
  UNAUTHORIZED: 'Unauthorized',
  DENIED: 'Unauthorized',
  UNREACHABLE: 'InternalError',
};

/**
 * Looks an external image up the way an ImageStreamImport does: reads its manifest (never its
 * layers) and answers `registry/repo@digest`. With the credentials that the namespace's docker
 * config Secrets hold for the image's registry, each in turn while the registry refuses them;
 * anonymous when none matches. `insecure` talks plain HTTP.
 */
@Injectable()
export class ImageImporter {
  constructor(private readonly pullSecrets: PullSecretsRepository) {}

  async lookUp(pullSpec: string, options: LookUpOptions): Promise<ImportResult> {
    const ref = parseImageReference(pullSpec);
    const candidates = pullCandidates(await this.pullSecrets.list(options.namespace), ref.registry);
    if (candidates.length === 0) {
      const { result, denied } = await this.attempt(ref, options.insecure);
      return !denied
        ? result
        : {
            ok: false,
            reason: 'Unauthorized',
            message: `registry ${ref.registry} refused anonymous access to "${pullSpec}" and no pull secret in namespace "${options.namespace}" matched it: create a kubernetes.io/dockerconfigjson Secret there with credentials for ${ref.registry}`,
          };
    }
    let refused: ImportResult | undefined;
    for (const { credentials } of candidates) {
      const { result, denied } = await this.attempt(ref, options.insecure, credentials);
      if (!denied) {
        return result;
      }
      refused ??= result;
    }
    const names = candidates.map((c) => `"${c.secret}"`).join(', ');
    const first = refused && !refused.ok ? refused.message : '';
    return {
      ok: false,
      reason: 'Unauthorized',
      message: `${first} (pull secrets of namespace "${options.namespace}" tried: ${names})`,
    };
  }

  private async attempt(
    ref: ImageReference,
    insecure: boolean,
    credentials?: RegistryCredentials,
  ): Promise<Attempt> {
    const client = new RegistryClient({
      host: apiHost(ref.registry),
      ...(credentials ? { credentials } : {}),
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
      const dockerImageReference = formatImageReference(pinned);
      return { result: { ok: true, digest: manifest.digest, dockerImageReference }, denied: false };
    } catch (error) {
      const code = error instanceof RegistryError ? error.code : '';
      return {
        result: {
          ok: false,
          reason: REASONS[code] ?? 'InternalError',
          // RegistryError messages are masked by the client already; other errors are masked here.
          message: withoutCredentials((error as Error).message, credentials),
        },
        denied: code === 'UNAUTHORIZED' || code === 'DENIED',
      };
    }
  }
}
