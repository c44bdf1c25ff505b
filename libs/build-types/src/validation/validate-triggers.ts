import type { BuildConfigSpec } from '../build/build-config.js';
import {
  BuildTriggerType,
  type BuildTriggerPolicy,
  legacyTriggerTypes,
  webHookFieldByType,
  type WebHookTrigger,
} from '../build/triggers.js';
import type { ObjectReference } from '../core/object-reference.js';
import { type FieldError, invalid, required, unsupported } from './field-error.js';
import { validateImageReference } from './validate-references.js';

const triggerTypes = Object.values(BuildTriggerType);

const canonicalType = (type: string): BuildTriggerType | undefined =>
  triggerTypes.find((t) => t === type) ?? legacyTriggerTypes[type];

const validateWebHook = (hook: WebHookTrigger, path: string, isGeneric: boolean): FieldError[] => {
  const errors: FieldError[] = [];
  if (!hook.secret && !hook.secretReference) {
    errors.push(
      required(
        `${path}.secret`,
        'must provide a value for at least one of secret or secretReference',
      ),
    );
  }
  if (hook.secretReference && !hook.secretReference.name) {
    errors.push(required(`${path}.secretReference.name`));
  }
  if (!isGeneric && hook.allowEnv) {
    errors.push(invalid(`${path}.allowEnv`, true, 'git webhooks cannot allow env vars'));
  }
  return errors;
};

const validateTrigger = (trigger: BuildTriggerPolicy, path: string): FieldError[] => {
  const type = canonicalType(trigger.type);
  if (!trigger.type) {
    return [required(`${path}.type`)];
  }
  if (!type) {
    return [unsupported(`${path}.type`, trigger.type, triggerTypes)];
  }
  if (type === 'ConfigChange') {
    return [];
  }
  if (type === 'ImageChange') {
    const from = trigger.imageChange?.from;
    if (!from) {
      return [];
    }
    if (from.kind !== 'ImageStreamTag') {
      return [
        invalid(
          `${path}.imageChange.from.kind`,
          from.kind,
          'only an ImageStreamTag type of reference is allowed in an ImageChange trigger',
        ),
      ];
    }
    return validateImageReference(from, `${path}.imageChange.from`, { tagRequired: true });
  }
  const field = webHookFieldByType[type];
  const hook = trigger[field];
  return hook
    ? validateWebHook(hook, `${path}.${field}`, type === 'Generic')
    : [required(`${path}.${field}`)];
};

// Mirrors upstream's key: non-ImageStreamTag references all collapse into one key.
const tagKey = (ref: ObjectReference | null | undefined): string =>
  ref?.kind === 'ImageStreamTag' || (ref && !ref.kind)
    ? `${ref.namespace ?? ''}/${ref.name ?? ''}`
    : 'nil';

/** Each trigger, plus: no two ImageChange triggers may watch the same tag. */
export const validateTriggers = (
  spec: BuildConfigSpec,
  strategyFrom: ObjectReference | null | undefined,
  path: string,
): FieldError[] => {
  const errors: FieldError[] = [];
  const watched = new Set<string>();
  (spec.triggers ?? []).forEach((trigger, i) => {
    errors.push(...validateTrigger(trigger, `${path}[${i}]`));
    if (canonicalType(trigger.type) !== 'ImageChange') {
      return;
    }
    const key = tagKey(trigger.imageChange?.from ?? strategyFrom);
    if (watched.has(key)) {
      errors.push(
        invalid(path, '', 'multiple ImageChange triggers refer to the same image stream tag'),
      );
    }
    watched.add(key);
  });
  return errors;
};
