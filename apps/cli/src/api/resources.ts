import { UsageError } from '../errors.js';

/** One kind of object the Kiln API serves, with the names `oc` accepts for it. */
export type ResourceType = {
  /** Path segment and canonical resource name. */
  plural: string;
  /** The `kind` of one object. */
  kind: string;
  /** API group; '' for the core group. */
  group: string;
  namespaced: boolean;
  /** Every word accepted on the command line. */
  aliases: readonly string[];
};

export const Resources = {
  buildConfigs: {
    plural: 'buildconfigs',
    kind: 'BuildConfig',
    group: 'build.openshift.io',
    namespaced: true,
    aliases: ['bc', 'buildconfig', 'buildconfigs'],
  },
  builds: {
    plural: 'builds',
    kind: 'Build',
    group: 'build.openshift.io',
    namespaced: true,
    aliases: ['build', 'builds'],
  },
  secrets: {
    plural: 'secrets',
    kind: 'Secret',
    group: '',
    namespaced: true,
    aliases: ['secret', 'secrets'],
  },
  configMaps: {
    plural: 'configmaps',
    kind: 'ConfigMap',
    group: '',
    namespaced: true,
    aliases: ['cm', 'configmap', 'configmaps'],
  },
  imageStreams: {
    plural: 'imagestreams',
    kind: 'ImageStream',
    group: 'image.openshift.io',
    namespaced: true,
    aliases: ['is', 'imagestream', 'imagestreams'],
  },
  imageStreamTags: {
    plural: 'imagestreamtags',
    kind: 'ImageStreamTag',
    group: 'image.openshift.io',
    namespaced: true,
    aliases: ['istag', 'imagestreamtag', 'imagestreamtags'],
  },
  namespaces: {
    plural: 'namespaces',
    kind: 'Namespace',
    group: '',
    namespaced: false,
    aliases: ['ns', 'namespace', 'namespaces', 'project', 'projects'],
  },
} as const satisfies Record<string, ResourceType>;

const allTypes: readonly ResourceType[] = Object.values(Resources);

/** The type a command-line word names; `only` narrows what the verb accepts. */
export function resolveResourceType(
  word: string,
  only: readonly ResourceType[] = allTypes,
): ResourceType {
  const lower = word.toLowerCase();
  // `-o name` prints `build.build.openshift.io/x`: the singular kind with its group reads back too.
  const type = allTypes.find(
    (t) =>
      t.aliases.includes(lower) ||
      `${t.plural}.${t.group}` === lower ||
      `${t.kind.toLowerCase()}.${t.group}` === lower,
  );
  if (!type) {
    throw new UsageError(`the server doesn't have a resource type "${word}"`);
  }
  if (!only.includes(type)) {
    const accepted = only.map((t) => t.aliases[0]).join(', ');
    throw new UsageError(`"${word}" is not supported here; use one of: ${accepted}`);
  }
  return type;
}

/** The type for a manifest's `kind` (and apiVersion, when it names a group). */
export function resourceTypeForKind(kind: unknown, apiVersion: unknown): ResourceType | undefined {
  const type = allTypes.find((t) => t.kind === kind);
  if (!type || typeof apiVersion !== 'string') {
    return type;
  }
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  // `v1` BuildConfigs are the legacy spelling OpenShift still accepts.
  return group === type.group || group === '' ? type : undefined;
}

/** `buildconfig.build.openshift.io` or `secret`: the prefix of `-o name` and of messages. */
export function qualifiedKind(type: ResourceType): string {
  const singular = type.kind.toLowerCase();
  return type.group ? `${singular}.${type.group}` : singular;
}

function prefix(type: ResourceType): string {
  return type.group ? `/apis/${type.group}/v1` : '/api/v1';
}

export function collectionPath(type: ResourceType, namespace: string): string {
  return type.namespaced
    ? `${prefix(type)}/namespaces/${encodeURIComponent(namespace)}/${type.plural}`
    : `${prefix(type)}/${type.plural}`;
}

export function objectPath(type: ResourceType, namespace: string, name: string): string {
  return `${collectionPath(type, namespace)}/${encodeURIComponent(name)}`;
}

/** `builds/x` and `bc/x`: the `TYPE/NAME` form verbs like `logs` and `get` accept. */
export function splitTypedName(arg: string): { type?: string; name: string } {
  const slash = arg.indexOf('/');
  return slash < 0 ? { name: arg } : { type: arg.slice(0, slash), name: arg.slice(slash + 1) };
}
