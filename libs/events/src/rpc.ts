import {
  BuildPhase,
  buildRequestSchema,
  buildSchema,
  buildStatusSchema,
  listMetaSchema,
} from '@kiln/build-types';
import { z } from 'zod';

/**
 * Request/reply subjects (core NATS, not in any stream: a reply carrying secret values is never
 * stored). `Internal` ones are for farm services only; in production, NATS account permissions
 * keep platforms off them. `Api` ones are the NATS face of the REST API for platforms.
 */
export const RpcSubjects = {
  /** A worker asks build-api for Secrets/ConfigMaps of the build's namespace. */
  ResolveObjects: 'kiln.v1.internal.resolve-objects',
  /** Start a build of a BuildConfig, as `POST …/buildconfigs/{name}/instantiate`. */
  ApiInstantiate: 'kiln.v1.api.instantiate',
  /** Read one build, as `GET …/builds/{name}`. */
  ApiGetBuild: 'kiln.v1.api.get-build',
  /** Cancel a build, as `PUT …/builds/{name}` with `status.cancelled: true`. */
  ApiCancelBuild: 'kiln.v1.api.cancel-build',
  /** List the builds of a namespace, as `GET …/builds`. */
  ApiListBuilds: 'kiln.v1.api.list-builds',
} as const;

const objectKindSchema = z.enum(['Secret', 'ConfigMap']);

/** A Secret or ConfigMap as a worker receives it: every value base64, whatever the kind. */
export const resolvedObjectSchema = z.object({
  kind: objectKindSchema,
  name: z.string(),
  /** The Secret's type (Opaque, kubernetes.io/basic-auth, …); absent for ConfigMaps. */
  type: z.string().optional(),
  data: z.record(z.string(), z.string()),
});
export type ResolvedObject = z.infer<typeof resolvedObjectSchema>;

/** The error every reply may carry instead of its result, as the REST API's Status says it. */
export const rpcErrorSchema = z.object({
  code: z.number().int(),
  reason: z.string(),
  message: z.string(),
  causes: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type RpcError = z.infer<typeof rpcErrorSchema>;

/**
 * Every API call carries the caller's bearer token (the same tokens and roles as the REST API)
 * and the namespace it acts in.
 */
const apiCallSchema = z.object({
  token: z.string().min(1),
  namespace: z.string().min(1),
});

/**
 * A Build as the API returns it. `status.reason` is any string here, not the closed list, so a
 * platform built against an older contract still reads builds that end with a newer reason.
 */
export const apiBuildSchema = buildSchema.extend({
  status: buildStatusSchema.extend({ reason: z.string().nullish() }).nullish(),
});

export const rpcSchemas = {
  [RpcSubjects.ResolveObjects]: {
    request: z.object({
      namespace: z.string().min(1),
      /** The build asking, for the audit log line. */
      build: z.string().min(1),
      refs: z.array(z.object({ kind: objectKindSchema, name: z.string().min(1) })),
    }),
    /** Objects found; `missing` lists those that do not exist in the namespace. */
    reply: z.object({
      objects: z.array(resolvedObjectSchema),
      missing: z.array(z.object({ kind: objectKindSchema, name: z.string() })),
    }),
  },
  [RpcSubjects.ApiInstantiate]: {
    request: apiCallSchema.extend({
      /** The BuildConfig. */
      name: z.string().min(1),
      /** The BuildRequest body; `metadata.name` defaults to `name`. Validated as REST does. */
      request: buildRequestSchema.partial().optional(),
    }),
    reply: apiBuildSchema,
  },
  [RpcSubjects.ApiGetBuild]: {
    request: apiCallSchema.extend({ name: z.string().min(1) }),
    reply: apiBuildSchema,
  },
  [RpcSubjects.ApiCancelBuild]: {
    request: apiCallSchema.extend({ name: z.string().min(1) }),
    reply: apiBuildSchema,
  },
  [RpcSubjects.ApiListBuilds]: {
    request: apiCallSchema.extend({
      /** Only builds of this BuildConfig. */
      buildConfig: z.string().min(1).optional(),
      /** `a=b,c=d`, as `labelSelector` of the REST API. */
      labelSelector: z.string().optional(),
      /** Only builds in these phases. */
      phases: z.array(z.enum(BuildPhase)).optional(),
      /** Page size, and the `continue` token of the previous page. */
      limit: z.number().int().positive().optional(),
      continue: z.string().optional(),
    }),
    reply: z.object({
      kind: z.literal('BuildList'),
      apiVersion: z.literal('build.openshift.io/v1'),
      metadata: listMetaSchema,
      items: z.array(apiBuildSchema),
    }),
  },
} as const;

export type RpcSchemas = typeof rpcSchemas;
export type RpcSubject = keyof RpcSchemas;
export type RpcRequestOf<S extends RpcSubject> = z.infer<RpcSchemas[S]['request']>;
export type RpcReplyOf<S extends RpcSubject> = z.infer<RpcSchemas[S]['reply']>;

/** What travels back: the reply, or an error shaped as the REST API's Status. */
export const rpcEnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), reply: z.unknown() }),
  z.object({ ok: z.literal(false), error: rpcErrorSchema }),
]);

/** Raised by a requester when the responder answered with an error (or none answered). */
export class RpcFailure extends Error {
  constructor(readonly error: RpcError) {
    super(error.message);
  }
}
