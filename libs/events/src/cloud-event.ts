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
