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
  /** SkipLayers: squash the new layers into one over the base (S2I, imageOptimizationPolicy). */
  squash?: boolean;
  /** Read-only mounts for every RUN: host dir -> path in the build container. */
  volumes?: { source: string; destination: string }[];
  /** Registry credentials file (docker config JSON) for pulling base images. */
  authfile?: string;
};

export type StorageOptions = { root: string; runroot: string; driver: 'overlay' | 'vfs' };

export const storageArgs = (s: StorageOptions): string[] => [
  '--root',
  s.root,
  '--runroot',
  s.runroot,
  '--storage-driver',
  s.driver,
];

/** `buildah bud` argv: chroot isolation (all this host allows), layer cache on unless noCache. */
export function budArgs(storage: StorageOptions, request: BudRequest): string[] {
  return [
    ...storageArgs(storage),
    'bud',
    '--isolation',
    'chroot',
    '--format',
    request.format,
    // A squashed build commits one layer, so there is no per-instruction cache to reuse.
    ...(request.squash ? ['--layers=false', '--squash'] : ['--layers']),
    ...(request.noCache ? ['--no-cache'] : []),
    ...(request.authfile ? ['--authfile', request.authfile] : []),
    ...(request.volumes ?? []).flatMap((v) => ['--volume', `${v.source}:${v.destination}:ro`]),
    ...(request.forcePull ? ['--pull-always'] : []),
    `--tls-verify=${String(!request.insecure)}`,
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

export function pushArgs(
  storage: StorageOptions,
  image: string,
  destination: string,
  digestFile: string,
  insecure: boolean,
): string[] {
  return [
    ...storageArgs(storage),
    'push',
    `--tls-verify=${String(!insecure)}`,
    '--digestfile',
    digestFile,
    image,
    `docker://${destination}`,
  ];
}
