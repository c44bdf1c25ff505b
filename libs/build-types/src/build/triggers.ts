import { z } from 'zod';
import { localObjectReferenceSchema, objectReferenceSchema } from '../core/object-reference.js';
import { opt } from '../shared/schema-helpers.js';

/** Trigger types as OpenShift writes them. */
export const BuildTriggerType = {
  GitHub: 'GitHub',
  GitLab: 'GitLab',
  Bitbucket: 'Bitbucket',
  Generic: 'Generic',
  ImageChange: 'ImageChange',
  ConfigChange: 'ConfigChange',
} as const;
export type BuildTriggerType = (typeof BuildTriggerType)[keyof typeof BuildTriggerType];

/** Older spellings the API still accepts; defaulting rewrites them to the canonical type. */
export const legacyTriggerTypes: Readonly<Record<string, BuildTriggerType>> = {
  github: 'GitHub',
  generic: 'Generic',
  imageChange: 'ImageChange',
};

/** Webhook trigger settings; at least one of `secret` and `secretReference` is required. */
export const webHookTriggerSchema = z.looseObject({
  /** Inline secret in the webhook URL (deprecated in favour of `secretReference`). */
  secret: opt(z.string()),
  /** Secret whose key `WebHookSecretKey` holds the webhook secret. */
  secretReference: opt(localObjectReferenceSchema),
  /** Generic webhooks only: accept `env` from the payload. */
  allowEnv: opt(z.boolean()),
});
export type WebHookTrigger = z.infer<typeof webHookTriggerSchema>;

/** Build when an ImageStreamTag gets a new image. */
export const imageChangeTriggerSchema = z.looseObject({
  /** The watched ImageStreamTag; absent means the strategy's `from` (one such trigger only). */
  from: opt(objectReferenceSchema),
  /** Deprecated: last image id that fired; kept for old clients (see status). */
  lastTriggeredImageID: opt(z.string()),
  /** When true the trigger does not fire. */
  paused: opt(z.boolean()),
});
export type ImageChangeTrigger = z.infer<typeof imageChangeTriggerSchema>;

/** One way a BuildConfig starts builds; the block matching `type` is set. */
export const buildTriggerPolicySchema = z.looseObject({
  /** Trigger type (legacy lowercase aliases accepted). */
  type: z.string(),
  /** GitHub (and Gogs) push webhooks. */
  github: opt(webHookTriggerSchema),
  /** GitLab push webhooks. */
  gitlab: opt(webHookTriggerSchema),
  /** Bitbucket Cloud and Server push webhooks. */
  bitbucket: opt(webHookTriggerSchema),
  /** Any HTTP client posting to the generic webhook. */
  generic: opt(webHookTriggerSchema),
  /** Image change settings. */
  imageChange: opt(imageChangeTriggerSchema),
});
export type BuildTriggerPolicy = z.infer<typeof buildTriggerPolicySchema>;

/** The block holding each webhook type's settings. */
export const webHookFieldByType = {
  GitHub: 'github',
  GitLab: 'gitlab',
  Bitbucket: 'bitbucket',
  Generic: 'generic',
} as const;
