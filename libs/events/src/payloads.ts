import { z } from 'zod';
import { StageName, StepName } from '@kiln/build-types';
import { Subjects } from './subjects.js';

/** Which build an event is about; uid is the correlation id of every event of the build. */
export const buildRefSchema = z.object({
  namespace: z.string().min(1),
  name: z.string().min(1),
  uid: z.string().min(1),
});
export type BuildRef = z.infer<typeof buildRefSchema>;

/**
 * The Build as stages see it. Stages are stateless: each job carries the Build it works on,
 * without secret values (those are resolved by reference when needed).
 */
export const buildObjectSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string(), namespace: z.string(), uid: z.string() }),
  spec: z.looseObject({}),
});

export type BuildObject = z.infer<typeof buildObjectSchema>;

/** The reference outcome events carry, taken from the Build a job carries. */
export const buildRefOf = (build: BuildObject): BuildRef => ({
  namespace: build.metadata.namespace,
  name: build.metadata.name,
  uid: build.metadata.uid,
});

const stageNameSchema = z.enum(StageName);

const revisionSchema = z.object({
  commit: z.string().optional(),
  ref: z.string().optional(),
  message: z.string().optional(),
  authorName: z.string().optional(),
  authorEmail: z.string().optional(),
  committerName: z.string().optional(),
  committerEmail: z.string().optional(),
  date: z.string().optional(),
});

/** A blob in the farm registry: the artifact store's unit of exchange between services. */
export const artifactRefSchema = z.object({
  /** `<registry host>/<repository>` without tag or digest. */
  repository: z.string().min(1),
  digest: z.string().regex(/^sha256:[a-f0-9]{64}$/),
  size: z.number().int().nonnegative(),
});

/** A timed step; the build controller files it under its stage (build-types' `stageOfStep`). */
const stepTimingSchema = z.object({
  name: z.enum(StepName),
  startTime: z.string(),
  durationMilliseconds: z.number().nonnegative(),
});

/** What every event announcing a build's end says: when it ran, as in its status. */
const buildEndedSchema = z.object({
  build: buildRefSchema,
  startTimestamp: z.string().optional(),
  completionTimestamp: z.string(),
  /** completionTimestamp − startTimestamp (status.duration is the same in nanoseconds). */
  durationMilliseconds: z.number().nonnegative().optional(),
});

/** A Secret or ConfigMap of the build's namespace, named by a job and resolved where used. */
const objectPlacementSchema = z.object({
  kind: z.enum(['Secret', 'ConfigMap']),
  name: z.string().min(1),
});

const failureSchema = z.object({
  build: buildRefSchema,
  reason: z.string().min(1),
  message: z.string(),
  logSnippet: z.string().optional(),
});

/** Where the builder mounts the secret env of a build (see `secretEnv`), for RUN to source. */
export const SECRET_ENV_DIR = '/run/kiln/secret-env';
export const SECRET_ENV_FILE = `${SECRET_ENV_DIR}/env`;

export const payloadSchemas = {
  [Subjects.BuildRequested]: z.object({
    build: buildObjectSchema,
    /**
     * A binary build's upload (instantiatebinary), already streamed into the artifact store by
     * build-api; the source-fetcher validates it. `asFile` when the body is one file, not an archive.
     */
    binary: z
      .object({
        upload: artifactRefSchema,
        format: z.enum(['tar', 'tar.gz', 'zip', 'file']),
        asFile: z.string().optional(),
      })
      .optional(),
  }),
  [Subjects.BuildPhaseChanged]: z.object({
    build: buildRefSchema,
    phase: z.enum(['New', 'Pending', 'Running', 'Complete', 'Failed', 'Error', 'Cancelled']),
    previousPhase: z.string().optional(),
    reason: z.string().optional(),
    message: z.string().optional(),
  }),
  [Subjects.BuildCancelRequested]: z.object({ build: buildRefSchema }),
  [Subjects.BuildCompleted]: buildEndedSchema.extend({
    phase: z.literal('Complete'),
    /** Where the image went, and its digest; absent for a build without output. */
    outputDockerImageReference: z.string().optional(),
    imageDigest: z.string().optional(),
  }),
  [Subjects.BuildFailed]: buildEndedSchema.extend({
    phase: z.enum(['Failed', 'Error']),
    reason: z.string().optional(),
    message: z.string().optional(),
    logSnippet: z.string().optional(),
  }),
  [Subjects.BuildCancelled]: buildEndedSchema.extend({
    phase: z.literal('Cancelled'),
    reason: z.string().optional(),
    message: z.string().optional(),
  }),
  [Subjects.StageStarted]: z.object({
    build: buildRefSchema,
    stage: stageNameSchema,
    worker: z.string(),
    startTime: z.string(),
  }),
  [Subjects.StageFinished]: z.object({
    build: buildRefSchema,
    stage: stageNameSchema,
    worker: z.string(),
    startTime: z.string(),
    durationMilliseconds: z.number().nonnegative(),
    /** Failed: the stage published its failure event with this reason. */
    outcome: z.enum(['Succeeded', 'Failed']),
    reason: z.string().optional(),
  }),
  [Subjects.SourceFetched]: z.object({
    build: buildObjectSchema,
    /** The bundle's manifest (the descriptor's digest and size). */
    bundle: artifactRefSchema,
    /** Size of the source itself: the bundle's archive, in bytes. */
    sourceBytes: z.number().int().nonnegative(),
    revision: revisionSchema.optional(),
    steps: z.array(stepTimingSchema),
  }),
  [Subjects.SourceFetchFailed]: failureSchema,
  [Subjects.DockerfileGenerated]: z.object({
    build: buildObjectSchema,
    bundle: artifactRefSchema,
    dockerfile: z.string(),
    buildArgs: z.record(z.string(), z.string()),
    baseImages: z.array(z.string()),
    steps: z.array(stepTimingSchema),
    /** The build context inside the bundle ('' = the bundle's root). */
    contextDir: z.string(),
    /** SkipLayers commits one layer over the base (S2I always; Docker by imageOptimizationPolicy). */
    layers: z.enum(['None', 'SkipLayers']),
    /**
     * Secrets and ConfigMaps the builder writes into the context at `path` just before building:
     * their values never travel in an event or a bundle.
     */
    injections: z.array(objectPlacementSchema.extend({ path: z.string() })),
    /** Secrets and ConfigMaps mounted read-only into every RUN, never part of the image. */
    volumes: z.array(objectPlacementSchema.extend({ destinationPath: z.string().min(1) })),
    /** Secret holding the credentials to pull base images with. */
    pullSecret: z.string().optional(),
    /**
     * Names of strategy env vars whose value comes from a Secret (`valueFrom.secretKeyRef`, or
     * a `$(VAR)` expanding one). They are left out of every ENV and of this event: the builder
     * resolves them itself and every shell-form RUN sources them from SECRET_ENV_FILE, mounted
     * for the build only, so they are in no layer, history entry or log.
     */
    secretEnv: z.array(z.string().min(1)).optional(),
    /** Custom strategy: the builder runs this image instead of building a Dockerfile. */
    custom: z
      .object({
        image: z.string().min(1),
        env: z.array(z.object({ name: z.string(), value: z.string() })),
        /** Secrets mounted into the builder container at mountPath. */
        secrets: z.array(z.object({ name: z.string(), mountPath: z.string() })),
      })
      .optional(),
    /**
     * Incremental S2I: the previous output image (also listed in baseImages) and the Secret to
     * pull it with, the output's push secret, as OpenShift pulls it. The generator checked the
     * image is readable with these same credentials; `pullSecret` is not used for it.
     */
    incremental: z
      .object({ image: z.string().min(1), pullSecret: z.string().min(1).optional() })
      .optional(),
  }),
  [Subjects.DockerfileGenerationFailed]: failureSchema,
  [Subjects.ImageBuilt]: z.object({
    build: buildObjectSchema,
    /** The image in the staging repository of the farm registry, by digest. */
    image: z.object({
      reference: z.string(),
      digest: z.string(),
      layers: z.array(artifactRefSchema.omit({ repository: true })),
    }),
    steps: z.array(stepTimingSchema),
    /**
     * Layer cache use over the Dockerfile's steps (FROM lines excluded): `hits` were served from
     * the BuildConfig's cache, `misses` ran. Absent for Custom builds (no Dockerfile) and from
     * builders older than this field.
     */
    cache: z
      .object({ hits: z.number().int().nonnegative(), misses: z.number().int().nonnegative() })
      .optional(),
    /**
     * Bytes of base image blobs (layers and config, compressed as the registry serves them) the
     * builder downloaded for this build: 0 when every base was already on its node.
     */
    pulled: z.object({ bytes: z.number().int().nonnegative() }).optional(),
  }),
  [Subjects.ImageBuildFailed]: failureSchema,
  [Subjects.ImagePushed]: z.object({
    build: buildRefSchema,
    /** Where the image landed; absent when the build has no output. */
    reference: z.string().optional(),
    digest: z.string(),
    bytesUploaded: z.number().int().nonnegative(),
    bytesSkipped: z.number().int().nonnegative(),
    steps: z.array(stepTimingSchema),
  }),
  [Subjects.ImagePushFailed]: failureSchema,
  [Subjects.BuildHeartbeat]: z.object({
    build: buildRefSchema,
    /** The stage the worker is running for this build. */
    stage: stageNameSchema,
    /** Who is working: the worker's durable consumer name, or an instance id. */
    worker: z.string().min(1),
  }),
} as const;

export type PayloadSchemas = typeof payloadSchemas;
export type EventSubject = keyof PayloadSchemas;
/** The payload type of an event, derived from its schema: nobody types a payload by hand. */
export type EventOf<S extends EventSubject> = z.infer<PayloadSchemas[S]>;

/** One build log line; published per build in order. */
export const logLineSchema = z.object({
  seq: z.number().int().nonnegative(),
  time: z.string(),
  stage: stageNameSchema.optional(),
  line: z.string(),
});
export type LogLine = z.infer<typeof logLineSchema>;
