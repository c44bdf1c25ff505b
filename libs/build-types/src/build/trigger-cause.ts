import { z } from 'zod';
import { objectReferenceSchema } from '../core/object-reference.js';
import { opt } from '../shared/schema-helpers.js';
import { sourceRevisionSchema } from './source-revision.js';

/** A webhook that started a build; the secret is always stored as the literal `<secret>`. */
export const webHookCauseSchema = z.looseObject({
  /** Revision named by the webhook payload. */
  revision: opt(sourceRevisionSchema),
  /** Always `<secret>`: the real value is never stored. */
  secret: opt(z.string()),
});
export type WebHookCause = z.infer<typeof webHookCauseSchema>;

/** Why a build was started. */
export const buildTriggerCauseSchema = z.looseObject({
  /** e.g. `Manually triggered`, `Image change`, `GitHub WebHook`. */
  message: opt(z.string()),
  /** Generic webhook details. */
  genericWebHook: opt(webHookCauseSchema),
  /** GitHub webhook details. */
  githubWebHook: opt(webHookCauseSchema),
  /** GitLab webhook details. */
  gitlabWebHook: opt(webHookCauseSchema),
  /** Bitbucket webhook details. */
  bitbucketWebHook: opt(webHookCauseSchema),
  /** Image change details: the new image id and the tag that fired. */
  imageChangeBuild: opt(
    z.looseObject({
      /** The new image (pull spec). */
      imageID: opt(z.string()),
      /** The ImageStreamTag that fired. */
      fromRef: opt(objectReferenceSchema),
    }),
  ),
});
export type BuildTriggerCause = z.infer<typeof buildTriggerCauseSchema>;
