import {
  inferSourceType,
  inferStrategyType,
  type CommonSpec,
  type ObjectReference,
} from '@kiln/build-types';

const fullCommit = /^[0-9a-f]{40}$/;

/** The revision `oc` appends to FROM: the built commit, else the ref; full hashes shortened. */
export function shortRevision(spec: CommonSpec): string {
  const revision = spec.revision?.git?.commit || spec.source?.git?.ref || '';
  return fullCommit.test(revision) ? revision.slice(0, 7) : revision;
}

/** The FROM column: `Git@abc1234`, `Binary`, `Dockerfile`, `Dockerfile,Git@main`. */
export function sourceSummary(spec: CommonSpec): string {
  const source = spec.source ?? {};
  const withRevision = (label: string) => {
    const revision = shortRevision(spec);
    return revision ? `${label}@${revision}` : label;
  };
  if (source.binary) {
    return withRevision('Binary');
  }
  const hasDockerfile = source.dockerfile !== undefined && source.dockerfile !== null;
  if (hasDockerfile && source.git) {
    return withRevision('Dockerfile,Git');
  }
  if (hasDockerfile) {
    return 'Dockerfile';
  }
  if (source.git) {
    return withRevision('Git');
  }
  return inferSourceType(source);
}

/** The TYPE column: the strategy type as written, else as OpenShift infers it. */
export function strategyType(spec: CommonSpec): string {
  return spec.strategy.type ?? inferStrategyType(spec.strategy) ?? '';
}

/** `ImageStreamTag ns/ruby:3.3` or `DockerImage registry/x:latest`, as `oc describe` shows. */
export function describeReference(ref: ObjectReference | null | undefined): string {
  if (!ref?.name) {
    return '';
  }
  const name = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  return ref.kind ? `${ref.kind} ${name}` : name;
}

/** The image a strategy builds from. */
export function strategyFrom(spec: CommonSpec): ObjectReference | undefined {
  const s = spec.strategy;
  return s.dockerStrategy?.from ?? s.sourceStrategy?.from ?? s.customStrategy?.from ?? undefined;
}
