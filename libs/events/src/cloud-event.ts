import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * CloudEvents 1.0 structured-mode envelope around every payload, so that platforms outside
 * Kiln read our events with standard tooling. `correlationid` (an extension attribute) is the
 * build's uid.
 */
export const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  subject: z.string().optional(),
  time: z.string(),
  datacontenttype: z.literal('application/json'),
  correlationid: z.string().optional(),
  data: z.unknown(),
});
export type CloudEvent<T = unknown> = Omit<z.infer<typeof cloudEventSchema>, 'data'> & { data: T };

export function envelope<T>(input: {
  type: string;
  source: string;
  data: T;
  subject?: string;
  correlationId?: string;
  id?: string;
}): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: input.id ?? randomUUID(),
    source: input.source,
    type: input.type,
    subject: input.subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    correlationid: input.correlationId,
    data: input.data,
  };
}

/** The build a payload is about: a BuildRef, or the Build a stage job carries. */
function buildOf(data: unknown): { namespace: string; name: string; uid: string } | undefined {
  const build = (data as { build?: unknown } | undefined)?.build as
    | { namespace?: string; name?: string; uid?: string; metadata?: Record<string, string> }
    | undefined;
  const ref = build?.metadata ?? build;
  return ref?.namespace && ref.name && ref.uid
    ? { namespace: ref.namespace, name: ref.name, uid: ref.uid }
    : undefined;
}

/**
 * The CloudEvents `subject` of a build's event: the build's path as the REST API names it, so a
 * consumer filters one build's events by subject without parsing data.
 */
export function buildSubjectOf(data: unknown): string | undefined {
  const build = buildOf(data);
  return build ? `namespaces/${build.namespace}/builds/${build.name}` : undefined;
}

/** The correlation id of a build's event: the build's uid. */
export const correlationIdOf = (data: unknown): string | undefined => buildOf(data)?.uid;
