import {
  BuildPhase,
  buildConfigSchema,
  buildLogOptionsSchema,
  buildRequestSchema,
  buildSchema,
  buildStatusSchema,
  listMetaSchema,
  statusSchema,
} from '@kiln/build-types';
import { z } from 'zod';
import { RpcSubjects } from './subjects.js';

export { RpcSubjects };

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

/**
 * An API object in a request, carried as the REST body carries it and documented as `schema`.
 * Any JSON object passes here: build-api validates it exactly as REST validates the body, so a
 * bad object is answered with the REST API's Status (reason, message, each field's cause), not
 * with this schema's own complaint.
 */
const restBody = <S extends z.ZodType>(schema: S) =>
  z
    .union([schema, z.record(z.string(), z.unknown())])
    .describe(
      'The object as a REST body carries it. Any JSON object passes this schema: build-api ' +
        "validates it as the REST API does, and answers a bad one with that API's Status " +
        '(422 Invalid, a cause per field).',
    );

/** The BuildRequest body of instantiate and clone; `metadata.name` defaults to the name called. */
const buildRequestBody = buildRequestSchema.partial().optional();

/** A page of a list: the page size, and the `continue` token of the previous page. */
const pageRequest = {
  limit: z.number().int().positive().optional(),
  continue: z.string().optional(),
};

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
      /** Validated as REST does. */
      request: buildRequestBody,
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
      ...pageRequest,
    }),
    reply: z.object({
      kind: z.literal('BuildList'),
      apiVersion: z.literal('build.openshift.io/v1'),
      metadata: listMetaSchema,
      items: z.array(apiBuildSchema),
    }),
  },
  [RpcSubjects.ApiCreateBuildConfig]: {
    request: apiCallSchema.extend({ buildConfig: restBody(buildConfigSchema) }),
    reply: buildConfigSchema,
  },
  [RpcSubjects.ApiGetBuildConfig]: {
    request: apiCallSchema.extend({ name: z.string().min(1) }),
    reply: buildConfigSchema,
  },
  [RpcSubjects.ApiReplaceBuildConfig]: {
    request: apiCallSchema.extend({
      name: z.string().min(1),
      /** The whole object; with `metadata.resourceVersion`, refused (409) if that is stale. */
      buildConfig: restBody(buildConfigSchema),
    }),
    reply: buildConfigSchema,
  },
  [RpcSubjects.ApiDeleteBuildConfig]: {
    request: apiCallSchema.extend({
      name: z.string().min(1),
      /** `Orphan` keeps the BuildConfig's builds; `Background` (default) or `Foreground` deletes them. */
      propagationPolicy: z.string().optional(),
      /** Delete only the object with this uid and/or resourceVersion, else 409 Conflict. */
      preconditions: z
        .object({ uid: z.string().optional(), resourceVersion: z.string().optional() })
        .optional(),
    }),
    /** The Success Status REST answers. */
    reply: statusSchema,
  },
  [RpcSubjects.ApiListBuildConfigs]: {
    request: apiCallSchema.extend({
      /** As `labelSelector` of the REST API (`a=b`, `a!=b`, `a in (b,c)`, `a`, `!a`). */
      labelSelector: z.string().optional(),
      /** As REST's: `continue` is the token of the previous page's list metadata. */
      ...pageRequest,
    }),
    reply: z.object({
      kind: z.literal('BuildConfigList'),
      apiVersion: z.literal('build.openshift.io/v1'),
      metadata: listMetaSchema,
      items: z.array(buildConfigSchema),
    }),
  },
  [RpcSubjects.ApiCloneBuild]: {
    request: apiCallSchema.extend({
      /** The build to clone. */
      name: z.string().min(1),
      /** Validated as REST does. */
      request: buildRequestBody,
    }),
    reply: apiBuildSchema,
  },
  [RpcSubjects.ApiGetBuildLog]: {
    request: apiCallSchema.extend({
      /** The build. */
      name: z.string().min(1),
      // BuildLogOptions as REST's query carries them, checked by the same parser. No `follow`:
      // a reply is not a stream (subscribe to the build's log subject for that).
      ...buildLogOptionsSchema.pick({
        timestamps: true,
        tailLines: true,
        limitBytes: true,
        sinceSeconds: true,
        sinceTime: true,
      }).shape,
    }),
    /**
     * The log as it is now, as REST's text: every line ends with a newline; limitBytes may cut
     * the last one.
     */
    reply: z.object({ log: z.string() }),
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
