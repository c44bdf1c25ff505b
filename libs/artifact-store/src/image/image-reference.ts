/** A pull spec split into the parts the distribution protocol needs. */
export type ImageReference = {
  /** `host[:port]` as written, `docker.io` when the spec names none. */
  registry: string;
  /** Repository path inside the registry (`library/busybox` for a bare Docker Hub name). */
  repository: string;
  tag?: string;
  digest?: string;
};

const looksLikeRegistry = (first: string): boolean =>
  first.includes('.') || first.includes(':') || first === 'localhost';

/**
 * Splits `[registry/]repo[:tag][@digest]` the way container tools resolve it: no registry means
 * Docker Hub, a one-part Hub name lives under `library/`, and no tag or digest means `latest`.
 */
export function parseImageReference(spec: string): ImageReference {
  const at = spec.indexOf('@');
  const digest = at < 0 ? undefined : spec.slice(at + 1);
  const named = at < 0 ? spec : spec.slice(0, at);
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const tag = colon > slash ? named.slice(colon + 1) : undefined;
  const path = colon > slash ? named.slice(0, colon) : named;
  const parts = path.split('/');
  const first = parts[0] ?? '';
  const explicitRegistry = parts.length > 1 && looksLikeRegistry(first);
  const registry = explicitRegistry ? first : 'docker.io';
  let repository = explicitRegistry ? parts.slice(1).join('/') : path;
  if (registry === 'docker.io' && !repository.includes('/')) {
    repository = `library/${repository}`;
  }
  return {
    registry,
    repository,
    ...(tag === undefined && digest === undefined ? { tag: 'latest' } : {}),
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

/** The host to speak the protocol to: Docker Hub's API lives at registry-1.docker.io. */
export const apiHost = (registry: string): string =>
  registry === 'docker.io' ? 'registry-1.docker.io' : registry;

/** The manifest reference to fetch: the digest when pinned, else the tag. */
export const manifestReference = (ref: ImageReference): string => ref.digest ?? ref.tag ?? 'latest';

/** `registry/repository[:tag][@digest]`, fully qualified. */
export const formatImageReference = (ref: ImageReference): string =>
  `${ref.registry}/${ref.repository}${ref.tag === undefined ? '' : `:${ref.tag}`}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
