import { isDockerPullSpec, type FieldError, type ObjectReference } from '@kiln/build-types';
import type { z } from 'zod';
import {
  IMAGE_API_VERSION,
  imageStreamSchema,
  type ImageStream,
  type TagReference,
} from './image-stream.schema.js';
import {
  isStreamName,
  isTagName,
  parseStreamImage,
  parseStreamTag,
  sameTag,
  trackedTag,
} from './tag-names.js';

const FROM_KINDS = ['DockerImage', 'ImageStreamTag', 'ImageStreamImage'];
const REFERENCE_POLICIES = ['Source', 'Local'];

/** zod issues as field errors (`spec.tags[0].name: …`). */
export function zodErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`))
      .join(''),
    message: issue.message,
  }));
}

/** Problems with a spec tag's `from`; a name without `:` tracks a tag of the same stream. */
export function fromErrors(from: ObjectReference, field: string): FieldError[] {
  const name = from.name ?? '';
  const kind = from.kind ?? '';
  if (!FROM_KINDS.includes(kind)) {
    return [{ field: `${field}.kind`, message: `must be one of ${FROM_KINDS.join(', ')}` }];
  }
  if (!name) {
    return [{ field: `${field}.name`, message: 'Required value' }];
  }
  if (kind === 'DockerImage' && (from.namespace || !isDockerPullSpec(name))) {
    return [{ field: `${field}.name`, message: `"${name}" is not a valid pull spec` }];
  }
  if (kind === 'ImageStreamTag' && !parseStreamTag(name)) {
    return [{ field: `${field}.name`, message: `"${name}" must be <stream>:<tag> or <tag>` }];
  }
  if (kind === 'ImageStreamImage' && !parseStreamImage(name)) {
    return [{ field: `${field}.name`, message: `"${name}" must be <stream>@<image>` }];
  }
  return [];
}

function tagErrors(
  tag: TagReference,
  field: string,
  namespace: string,
  streamName: string,
): FieldError[] {
  const errors: FieldError[] = [];
  if (!isTagName(tag.name)) {
    errors.push({ field: `${field}.name`, message: `"${tag.name}" is not a valid tag` });
  }
  if (tag.from) {
    errors.push(...fromErrors(tag.from, `${field}.from`));
    const tracked = trackedTag(namespace, streamName, tag.from);
    if (tracked && sameTag(tracked, { namespace, stream: streamName, tag: tag.name })) {
      errors.push({ field: `${field}.from`, message: 'a tag cannot track itself' });
    }
  }
  const policy = tag.referencePolicy?.type;
  if (policy && !REFERENCE_POLICIES.includes(policy)) {
    errors.push({
      field: `${field}.referencePolicy.type`,
      message: `must be one of ${REFERENCE_POLICIES.join(', ')}`,
    });
  }
  return errors;
}

/** An ImageStream body for `namespace`, checked: kind, name, and every spec tag. */
export function validateImageStream(
  input: unknown,
  namespace: string,
): { ok: true; value: ImageStream } | { ok: false; errors: FieldError[] } {
  const parsed = imageStreamSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: zodErrors(parsed.error) };
  }
  const stream = parsed.data;
  const errors: FieldError[] = [];
  if (stream.kind && stream.kind !== 'ImageStream') {
    errors.push({ field: 'kind', message: `must be ImageStream, not ${stream.kind}` });
  }
  if (stream.apiVersion && ![IMAGE_API_VERSION, 'v1'].includes(stream.apiVersion)) {
    errors.push({ field: 'apiVersion', message: `must be ${IMAGE_API_VERSION}` });
  }
  const name = stream.metadata.name ?? '';
  if (!isStreamName(name)) {
    errors.push({
      field: 'metadata.name',
      message: `"${name}" must be lowercase letters and digits, separated by '.', '_' or '-'`,
    });
  }
  const seen = new Set<string>();
  (stream.spec?.tags ?? []).forEach((tag, i) => {
    errors.push(...tagErrors(tag, `spec.tags[${i}]`, namespace, name));
    if (seen.has(tag.name)) {
      errors.push({ field: `spec.tags[${i}].name`, message: `Duplicate value: "${tag.name}"` });
    }
    seen.add(tag.name);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: stream };
}
