import { z } from 'zod';
import { opt } from '../shared/schema-helpers.js';

/** Query options of `builds/{name}/log`. */
export const buildLogOptionsSchema = z.looseObject({
  /** `BuildLogOptions`. */
  kind: opt(z.string()),
  /** `build.openshift.io/v1`. */
  apiVersion: opt(z.string()),
  /** Only this container's log. */
  container: opt(z.string()),
  /** Keep streaming while the build runs. */
  follow: opt(z.boolean()),
  /** Log of the previous build of the same config; excludes `version`. */
  previous: opt(z.boolean()),
  /** Only lines newer than this many seconds. */
  sinceSeconds: opt(z.number().int()),
  /** Only lines after this RFC 3339 time. */
  sinceTime: opt(z.string()),
  /** Prefix each line with its timestamp. */
  timestamps: opt(z.boolean()),
  /** Only the last this many lines. */
  tailLines: opt(z.number().int()),
  /** Stop after this many bytes. */
  limitBytes: opt(z.number().int()),
  /** Return at once (empty) instead of waiting for a New or Pending build to start. */
  nowait: opt(z.boolean()),
  /** Log of build number `version` of the same config; > 0. */
  version: opt(z.number().int()),
  /** Skip TLS verification of the node serving the log. */
  insecureSkipTLSVerifyBackend: opt(z.boolean()),
});
export type BuildLogOptions = z.infer<typeof buildLogOptionsSchema>;
