import { z } from 'zod';
import { opt } from '../shared/schema-helpers.js';

/** A git identity. */
export const sourceControlUserSchema = z.looseObject({
  /** Name of the person. */
  name: opt(z.string()),
  /** E-mail of the person. */
  email: opt(z.string()),
});
export type SourceControlUser = z.infer<typeof sourceControlUserSchema>;

/** The commit a build used or should use. */
export const gitSourceRevisionSchema = z.looseObject({
  /** Commit hash. */
  commit: opt(z.string()),
  /** Author of the commit. */
  author: opt(sourceControlUserSchema),
  /** Committer of the commit. */
  committer: opt(sourceControlUserSchema),
  /** Commit message. */
  message: opt(z.string()),
});
export type GitSourceRevision = z.infer<typeof gitSourceRevisionSchema>;

/** The exact source revision; on a Build set by the trigger or written back after the clone. */
export const sourceRevisionSchema = z.looseObject({
  /** `Git` (informational). */
  type: opt(z.string()),
  /** Git revision details. */
  git: opt(gitSourceRevisionSchema),
});
export type SourceRevision = z.infer<typeof sourceRevisionSchema>;
