/** What one `buildah bud` needs to know; pure data so the argv is unit-testable. */
export type BudRequest = {
  contextDir: string;
  dockerfile: string;
  tag: string;
  buildArgs: Record<string, string>;
  noCache: boolean;
  forcePull: boolean;
  format: 'oci' | 'docker';
  /** Registries reached over plain HTTP (the farm's own). */
  insecure: boolean;
  /** SkipLayers: commit the new content as one layer over the base (S2I, imageOptimizationPolicy). */
  squash?: boolean;
  /** Read-only mounts for every RUN: host dir -> path in the build container. */
  volumes?: { source: string; destination: string }[];
  /** Registry credentials file (docker config JSON) for pulling base images. */
  authfile?: string;
  /** Where Buildah writes the built image's ID, so that exactly this image is pushed. */
  iidFile?: string;
};

/**
 * `buildah bud` argv: chroot isolation (all this host allows), layer cache on unless noCache.
 * Storage comes from the build's storage.conf (CONTAINERS_STORAGE_CONF), not from flags.
 */
export function budArgs(request: BudRequest): string[] {
  return [
    'bud',
    '--isolation',
    'chroot',
    '--format',
    request.format,
    // As OpenShift: every stage is built, so the post-commit hook's stage always runs.
    '--skip-unused-stages=false',
    // Without --layers Buildah runs the whole Dockerfile in one container and commits one layer
    // over the base (OpenShift's SkipLayers); --squash would flatten the base's layers too.
    ...(request.squash ? ['--layers=false'] : ['--layers']),
    ...(request.noCache ? ['--no-cache'] : []),
    ...(request.authfile ? ['--authfile', request.authfile] : []),
    ...(request.volumes ?? []).flatMap((v) => ['--volume', `${v.source}:${v.destination}:ro`]),
    ...(request.forcePull ? ['--pull-always'] : []),
    `--tls-verify=${String(!request.insecure)}`,
    ...(request.iidFile ? ['--iidfile', request.iidFile] : []),
    ...Object.entries(request.buildArgs)
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([name, value]) => ['--build-arg', `${name}=${value}`]),
    '-f',
    request.dockerfile,
    '-t',
    request.tag,
    request.contextDir,
  ];
}

/**
 * `buildah push` argv. The manifest type is given again: a build whose every step came from the
 * layer cache commits nothing, and the cached image keeps the format it was first built in.
 */
export function pushArgs(
  image: string,
  destination: string,
  digestFile: string,
  insecure: boolean,
  format: BudRequest['format'],
): string[] {
  return [
    'push',
    `--tls-verify=${String(!insecure)}`,
    '--format',
    format === 'docker' ? 'v2s2' : 'oci',
    '--digestfile',
    digestFile,
    image,
    `docker://${destination}`,
  ];
}
