import type { KeyValue } from './key-value-instruction.js';

/** What the build knows about itself and its source; every field optional except identity. */
export type BuildInfo = {
  name: string;
  namespace: string;
  /** Present only for git sources. */
  git?: {
    uri: string;
    ref?: string;
  };
  /** From the clone (sourceinfo), falling back to spec.revision by the caller. */
  commit?: {
    id?: string;
    authorName?: string;
    authorEmail?: string;
    date?: string;
    message?: string;
    /** The checked-out ref; `git.ref` wins for the label. */
    ref?: string;
    /** Remote URL (label io.openshift.build.source-location). */
    location?: string;
  };
  contextDir?: string;
};

const nonEmpty = (value: string | undefined): value is string =>
  value !== undefined && value !== '';

/** OPENSHIFT_BUILD_* variables in upstream order; git ones only for git sources, each only when known. */
export function buildEnvVars(info: BuildInfo): KeyValue[] {
  const vars: KeyValue[] = [
    { name: 'OPENSHIFT_BUILD_NAME', value: info.name },
    { name: 'OPENSHIFT_BUILD_NAMESPACE', value: info.namespace },
  ];
  if (info.git !== undefined) {
    vars.push({ name: 'OPENSHIFT_BUILD_SOURCE', value: info.git.uri });
    if (nonEmpty(info.git.ref)) {
      vars.push({ name: 'OPENSHIFT_BUILD_REFERENCE', value: info.git.ref });
    }
    if (nonEmpty(info.commit?.id)) {
      vars.push({ name: 'OPENSHIFT_BUILD_COMMIT', value: info.commit.id });
    }
  }
  return vars;
}

/**
 * The `<prefix>commit.*` / source labels, each only when non-empty, as a key -> value map.
 * `prefix` is `io.openshift.build.` for OpenShift builds.
 */
export function sourceLabels(info: BuildInfo, prefix: string): Map<string, string> {
  const labels = new Map<string, string>();
  const set = (key: string, value: string | undefined): void => {
    if (nonEmpty(value)) {
      labels.set(prefix + key, value);
    }
  };
  const commit = info.commit ?? {};
  if (nonEmpty(commit.authorName)) {
    set('commit.author', `${commit.authorName} <${commit.authorEmail ?? ''}>`);
  }
  set('commit.date', commit.date);
  set('commit.id', commit.id);
  set('commit.ref', nonEmpty(info.git?.ref) ? info.git.ref : commit.ref);
  set('commit.message', commit.message);
  set('source-location', commit.location);
  set('source-context-dir', info.contextDir);
  return labels;
}

/** Docker strategy labels: source labels plus build name/namespace, sorted by key, then imageLabels. */
export function dockerBuildLabels(info: BuildInfo, imageLabels: readonly KeyValue[]): KeyValue[] {
  const labels = sourceLabels(info, 'io.openshift.build.');
  labels.set('io.openshift.build.name', info.name);
  labels.set('io.openshift.build.namespace', info.namespace);
  const sorted = [...labels.keys()].sort().map((name) => ({ name, value: labels.get(name) ?? '' }));
  return [...sorted, ...imageLabels];
}
