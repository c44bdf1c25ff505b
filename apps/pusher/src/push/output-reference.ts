import type { ObjectReference } from '@kiln/build-types';

/**
 * Where `spec.output.to` points, as a full pull spec. DockerImage names are completed the way
 * container tools do (docker.io, library/, :latest); ImageStreamTags map to the farm registry.
 */
export function outputReference(
  to: ObjectReference | null | undefined,
  namespace: string,
  farmRegistry: string,
): string | undefined {
  if (!to?.name) {
    return undefined;
  }
  if (to.kind === 'ImageStreamTag') {
    const [name, tag = 'latest'] = to.name.split(':');
    return `${farmRegistry}/${to.namespace ?? namespace}/${name ?? ''}:${tag}`;
  }
  let ref = to.name;
  const first = ref.split('/')[0] ?? '';
  const hasRegistry =
    ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) {
    ref = `docker.io/${ref.includes('/') ? ref : `library/${ref}`}`;
  }
  const last = ref.split('/').pop() ?? '';
  return last.includes(':') || last.includes('@') ? ref : `${ref}:latest`;
}
