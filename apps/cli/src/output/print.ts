import { stringify } from 'yaml';
import { qualifiedKind, type ResourceType } from '../api/resources.js';
import { UsageError } from '../errors.js';

export const outputFormats = ['yaml', 'json', 'wide', 'name'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export function parseOutputFormat(value: string | undefined): OutputFormat | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!(outputFormats as readonly string[]).includes(value)) {
    throw new UsageError(
      `unable to match a printer suitable for the output format "${value}", allowed formats are: ${outputFormats.join(',')}`,
    );
  }
  return value as OutputFormat;
}

type Named = { metadata?: { name?: string | null } | null };

/** `buildconfig.build.openshift.io/hello`: what `-o name` prints and other commands accept. */
export function nameOf(type: ResourceType, object: Named): string {
  return `${qualifiedKind(type)}/${object.metadata?.name ?? ''}`;
}

/** Lists omit kind and apiVersion on their items; a printed object should say what it is. */
export function withTypeMeta(type: ResourceType, object: object): object {
  return {
    apiVersion: type.group ? `${type.group}/v1` : 'v1',
    kind: type.kind,
    ...object,
  };
}

/** A `List` of objects, as kubectl prints several with `-o yaml|json`. */
export function listDocument(items: readonly object[]): object {
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items };
}

/** The document `-o yaml|json` prints: the object itself, or a `List` of several. */
export function printable(type: ResourceType, objects: readonly object[], single: boolean): object {
  const typed = objects.map((o) => withTypeMeta(type, o));
  return single && typed.length === 1 && typed[0] ? typed[0] : listDocument(typed);
}

export function formatDocument(document: object, format: 'yaml' | 'json'): string {
  return format === 'json' ? `${JSON.stringify(document, null, 4)}\n` : stringify(document);
}
