import { z } from 'zod';
import { localObjectReferenceSchema, objectReferenceSchema } from '../core/object-reference.js';
import { opt } from '../shared/schema-helpers.js';

/** Informational source types; the server recomputes `source.type` from the fields present. */
export const BuildSourceType = {
  Git: 'Git',
  Dockerfile: 'Dockerfile',
  Binary: 'Binary',
  Image: 'Image',
  None: 'None',
} as const;
export type BuildSourceType = (typeof BuildSourceType)[keyof typeof BuildSourceType];

/** A git repository to clone. */
export const gitBuildSourceSchema = z.looseObject({
  /** Repository URL: `https://`, `git://`, `ssh://`, `git@host:path` or `file://`. */
  uri: z.string(),
  /** Branch, tag or ref to check out; empty means the remote's default branch. */
  ref: opt(z.string()),
  /** HTTP proxy for the clone only. */
  httpProxy: opt(z.string()),
  /** HTTPS proxy for the clone only. */
  httpsProxy: opt(z.string()),
  /** Hosts the clone reaches without a proxy. */
  noProxy: opt(z.string()),
});
export type GitBuildSource = z.infer<typeof gitBuildSourceSchema>;

/** Source uploaded by the client when the build is started. */
export const binaryBuildSourceSchema = z.looseObject({
  /** Store the upload as this single file (no slashes) instead of extracting an archive. */
  asFile: opt(z.string()),
});
export type BinaryBuildSource = z.infer<typeof binaryBuildSourceSchema>;

/** A file or directory copied out of an image into the build context. */
export const imageSourcePathSchema = z.looseObject({
  /** Absolute path in the image; a trailing `/.` copies the directory's contents only. */
  sourcePath: z.string(),
  /** Relative directory in the build context. */
  destinationDir: opt(z.string()),
});
export type ImageSourcePath = z.infer<typeof imageSourcePathSchema>;

/** An image used as build input: content to copy, or a substitute for a Dockerfile stage name. */
export const imageSourceSchema = z.looseObject({
  /** The image (`ImageStreamTag`, `ImageStreamImage` or `DockerImage`). */
  from: objectReferenceSchema,
  /** Names this image replaces in `FROM` / `COPY --from`; unique across all image sources. */
  as: opt(z.array(z.string())),
  /** Content to copy into the context before the build. */
  paths: opt(z.array(imageSourcePathSchema)),
  /** Secret used to pull this image. */
  pullSecret: opt(localObjectReferenceSchema),
});
export type ImageSource = z.infer<typeof imageSourceSchema>;

/** A Secret made available to the build as files. */
export const secretBuildSourceSchema = z.looseObject({
  /** The Secret. */
  secret: localObjectReferenceSchema,
  /** Relative directory in the context where its keys are written. */
  destinationDir: opt(z.string()),
});
export type SecretBuildSource = z.infer<typeof secretBuildSourceSchema>;

/** A ConfigMap made available to the build as files. */
export const configMapBuildSourceSchema = z.looseObject({
  /** The ConfigMap. */
  configMap: localObjectReferenceSchema,
  /** Relative directory in the context where its keys are written. */
  destinationDir: opt(z.string()),
});
export type ConfigMapBuildSource = z.infer<typeof configMapBuildSourceSchema>;

/** Where the build's input comes from. Git and binary exclude each other. */
export const buildSourceSchema = z.looseObject({
  /** Informational; recomputed from the fields present (git > binary > dockerfile > images). */
  type: opt(z.string()),
  /** Binary (uploaded) input. */
  binary: opt(binaryBuildSourceSchema),
  /** Inline Dockerfile, written as `<contextDir>/Dockerfile`; at most 60000 bytes. */
  dockerfile: opt(z.string()),
  /** Git repository input. */
  git: opt(gitBuildSourceSchema),
  /** Images to copy content from or substitute for stages. */
  images: opt(z.array(imageSourceSchema)),
  /** Relative sub-directory used as the build root. */
  contextDir: opt(z.string()),
  /** Secret with git credentials (`ssh-privatekey`, `username`/`password`, `ca.crt`, ...). */
  sourceSecret: opt(localObjectReferenceSchema),
  /** Secrets given to the build as files. */
  secrets: opt(z.array(secretBuildSourceSchema)),
  /** ConfigMaps given to the build as files. */
  configMaps: opt(z.array(configMapBuildSourceSchema)),
});
export type BuildSource = z.infer<typeof buildSourceSchema>;
