import { z } from 'zod';

/**
 * Request/reply subjects (core NATS, not in any stream: a reply carrying secret values is never
 * stored). `Internal` ones are for farm services only; in production, NATS account permissions
 * keep platforms off them. `Api` ones are the NATS face of the REST API for platforms.
 */
export const RpcSubjects = {
  /** A worker asks build-api for Secrets/ConfigMaps of the build's namespace. */
  ResolveObjects: 'kiln.v1.internal.resolve-objects',
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
