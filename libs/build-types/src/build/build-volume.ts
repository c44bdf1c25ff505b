import { z } from 'zod';
import { opt } from '../shared/schema-helpers.js';

/** Kinds of volume a build can mount into its RUN instructions. */
export const BuildVolumeSourceType = {
  Secret: 'Secret',
  ConfigMap: 'ConfigMap',
  CSI: 'CSI',
} as const;
export type BuildVolumeSourceType =
  (typeof BuildVolumeSourceType)[keyof typeof BuildVolumeSourceType];

/** Where a build volume appears during the build. */
export const buildVolumeMountSchema = z.looseObject({
  /** Absolute path, without `:`, not under a path the builder mounts itself. */
  destinationPath: z.string(),
});
export type BuildVolumeMount = z.infer<typeof buildVolumeMountSchema>;

/** The object behind a build volume; exactly the block matching `type` is set. */
export const buildVolumeSourceSchema = z.looseObject({
  /** `Secret`, `ConfigMap` or `CSI`. */
  type: z.enum(BuildVolumeSourceType),
  /** Kubernetes SecretVolumeSource (`secretName`, `items`, `defaultMode`, ...). */
  secret: opt(z.looseObject({ secretName: opt(z.string()) })),
  /** Kubernetes ConfigMapVolumeSource (`name`, `items`, `defaultMode`, ...). */
  configMap: opt(z.looseObject({ name: opt(z.string()) })),
  /** Kubernetes CSIVolumeSource (`driver`, `volumeAttributes`, ...). */
  csi: opt(z.looseObject({ driver: opt(z.string()) })),
});
export type BuildVolumeSource = z.infer<typeof buildVolumeSourceSchema>;

/** A read-only volume visible to RUN instructions and never committed to the image. */
export const buildVolumeSchema = z.looseObject({
  /** Unique name among the strategy's volumes (a DNS-1123 label). */
  name: z.string(),
  /** The object mounted. */
  source: buildVolumeSourceSchema,
  /** Where it is mounted; at least one. */
  mounts: z.array(buildVolumeMountSchema),
});
export type BuildVolume = z.infer<typeof buildVolumeSchema>;
