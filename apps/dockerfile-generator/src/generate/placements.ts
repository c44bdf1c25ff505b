import { posix } from 'node:path';
import type { Build, BuildVolume } from '@kiln/build-types';
import type { EventOf } from '@kiln/events';
import type { ObjectRef } from '@kiln/service-kit';
import { StageFailure } from '@kiln/service-kit';

type Generated = EventOf<'kiln.v1.stage.dockerfile.generated'>;
export type Injection = Generated['injections'][number];
export type Volume = Generated['volumes'][number];

/** Where OpenShift mounts build secrets and configMaps; S2I copies them from these paths. */
export const SECRET_MOUNT_ROOT = '/var/run/secrets/openshift.io/build';
export const CONFIG_MOUNT_ROOT = '/var/run/configs/openshift.io/build';

/** source.secrets then source.configMaps, as OpenShift orders its injections. */
export function sourceObjects(build: Build): (ObjectRef & { destinationDir: string })[] {
  const source = build.spec.source ?? {};
  return [
    ...(source.secrets ?? []).map((s) => ({
      kind: 'Secret' as const,
      name: s.secret.name ?? '',
      destinationDir: s.destinationDir ?? '',
    })),
    ...(source.configMaps ?? []).map((c) => ({
      kind: 'ConfigMap' as const,
      name: c.configMap.name ?? '',
      destinationDir: c.destinationDir ?? '',
    })),
  ];
}

/**
 * Docker strategy: secrets and configMaps land in the context at `<contextDir>/<destinationDir>`
 * just before the build (the Dockerfile decides whether to COPY them). A destination that
 * leaves the context is refused.
 */
export function dockerInjections(build: Build, contextDir: string): Injection[] {
  const secrets = build.spec.source?.secrets?.length ?? 0;
  return sourceObjects(build).map((o, position) => {
    const relative = posix.normalize(o.destinationDir || '.');
    if (posix.isAbsolute(relative) || relative === '..' || relative.startsWith('../')) {
      // sourceObjects lists secrets first: a configMap's index in its own list follows them.
      const [list, index] =
        o.kind === 'Secret' ? ['secrets', position] : ['configMaps', position - secrets];
      throw new StageFailure(
        'InvalidDestinationDir',
        `spec.source.${list}[${index}].destinationDir "${o.destinationDir}" must be a relative path inside the context`,
      );
    }
    return { kind: o.kind, name: o.name, path: posix.join(contextDir || '.', relative) };
  });
}

/** Strategy volumes: one read-only RUN mount per mount point; CSI volumes are not supported. */
export function strategyVolumes(volumes: readonly BuildVolume[] | null | undefined): Volume[] {
  return (volumes ?? []).flatMap((v) => {
    const source = v.source;
    const ref: ObjectRef | undefined =
      source.type === 'Secret' && source.secret?.secretName
        ? { kind: 'Secret', name: source.secret.secretName }
        : source.type === 'ConfigMap' && source.configMap?.name
          ? { kind: 'ConfigMap', name: source.configMap.name }
          : undefined;
    if (ref === undefined) {
      throw new StageFailure(
        'GenericBuildFailed',
        `build volume "${v.name}": only Secret and ConfigMap volumes are supported by this farm`,
      );
    }
    return v.mounts.map((m) => ({ ...ref, destinationPath: m.destinationPath }));
  });
}
