import type { LocalObjectReference, ObjectReference } from '../core/object-reference.js';
import { type FieldError, invalid, required, unsupported } from './field-error.js';
import { isDockerPullSpec, splitImageStreamImage, splitImageStreamTag } from './image-reference.js';
import { dns1123SubdomainProblems, isPathSegmentName } from './names.js';

/** Kinds an input image (`from`) may have. */
export const fromReferenceKinds = ['ImageStreamTag', 'ImageStreamImage', 'DockerImage'] as const;
/** Kinds a push target (`output.to`) may have. */
export const outputReferenceKinds = ['ImageStreamTag', 'DockerImage'] as const;

const validateNamespace = (ref: ObjectReference, path: string): FieldError[] => {
  if (!ref.namespace) {
    return [];
  }
  if (ref.kind === 'DockerImage') {
    return [
      invalid(`${path}.namespace`, ref.namespace, "not valid when used with a 'DockerImage'"),
    ];
  }
  return dns1123SubdomainProblems(ref.namespace).length > 0
    ? [invalid(`${path}.namespace`, ref.namespace, 'must be a valid namespace')]
    : [];
};

type ReferenceRules = {
  /** Kinds accepted. */
  kinds?: readonly string[];
  /** Output targets must say what they are. */
  kindRequired?: boolean;
  /** Inputs may name a bare stream (the controller resolves `latest`); push targets may not. */
  tagRequired?: boolean;
};

const validateName = (ref: ObjectReference, path: string, tagRequired: boolean): FieldError[] => {
  const name = ref.name;
  if (!name) {
    return [required(`${path}.name`)];
  }
  if (ref.kind === 'DockerImage' && !isDockerPullSpec(name)) {
    return [invalid(`${path}.name`, name, 'not a valid container image pull specification')];
  }
  if (ref.kind === 'ImageStreamTag') {
    const parts = splitImageStreamTag(name);
    if (!parts && (tagRequired || name.includes(':'))) {
      return [invalid(`${path}.name`, name, 'must be <name>:<tag>')];
    }
    if (!isPathSegmentName(parts?.stream ?? name)) {
      return [invalid(`${path}.name`, name, 'invalid image stream name')];
    }
  }
  if (ref.kind === 'ImageStreamImage' && !splitImageStreamImage(name)) {
    return [invalid(`${path}.name`, name, 'must be <name>@<id>')];
  }
  return [];
};

/**
 * An image reference. An empty `kind` is accepted for inputs because defaulting makes it
 * `ImageStreamTag` (and it is then checked as one); output targets must name their kind.
 */
export const validateImageReference = (
  ref: ObjectReference,
  path: string,
  { kinds = fromReferenceKinds, kindRequired = false, tagRequired = false }: ReferenceRules = {},
): FieldError[] => {
  const kind = ref.kind || 'ImageStreamTag';
  const effective = { ...ref, kind };
  if (!ref.kind && kindRequired) {
    return [required(`${path}.kind`), ...validateName(effective, path, tagRequired)];
  }
  if (!kinds.includes(kind)) {
    return [unsupported(`${path}.kind`, ref.kind, kinds)];
  }
  return [...validateName(effective, path, tagRequired), ...validateNamespace(effective, path)];
};

/** A named Secret reference: the name is required and must be a valid object name. */
export const validateSecretRef = (
  ref: LocalObjectReference | null | undefined,
  path: string,
): FieldError[] => {
  if (!ref) {
    return [];
  }
  if (!ref.name) {
    return [required(`${path}.name`)];
  }
  return dns1123SubdomainProblems(ref.name).map((p) => invalid(`${path}.name`, ref.name, p));
};
