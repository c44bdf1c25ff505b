import { z } from 'zod';
import { opt } from '../shared/schema-helpers.js';

/** One reason a request failed, usually tied to a field. */
export const statusCauseSchema = z.looseObject({
  /** Path of the offending field, e.g. `spec.strategy.dockerStrategy.env[2].name`. */
  field: opt(z.string()),
  /** Human-readable explanation. */
  message: opt(z.string()),
  /** Machine-readable cause, e.g. `FieldValueRequired`, `FieldValueInvalid`. */
  reason: opt(z.string()),
});
export type StatusCause = z.infer<typeof statusCauseSchema>;

/** Extra data about a failure: which object and which fields. */
export const statusDetailsSchema = z.looseObject({
  /** Name of the object concerned. */
  name: opt(z.string()),
  /** API group of the object concerned. */
  group: opt(z.string()),
  /** Kind of the object concerned. */
  kind: opt(z.string()),
  /** UID of the object concerned. */
  uid: opt(z.string()),
  /** Every individual cause; validation reports one per invalid field. */
  causes: opt(z.array(statusCauseSchema)),
  /** Seconds after which the client may retry. */
  retryAfterSeconds: opt(z.number().int()),
});
export type StatusDetails = z.infer<typeof statusDetailsSchema>;

/** The Kubernetes error object returned by every failed API call (and webhook warnings). */
export const statusSchema = z.looseObject({
  /** `Status`. */
  kind: opt(z.string()),
  /** `v1`. */
  apiVersion: opt(z.string()),
  /** `Success` or `Failure`. */
  status: opt(z.string()),
  /** Machine-readable category, e.g. `Invalid`, `NotFound`, `Conflict`. */
  reason: opt(z.string()),
  /** Human-readable description. */
  message: opt(z.string()),
  /** The HTTP status code. */
  code: opt(z.number().int()),
  /** Structured details, including per-field causes. */
  details: opt(statusDetailsSchema),
});
export type Status = z.infer<typeof statusSchema>;
