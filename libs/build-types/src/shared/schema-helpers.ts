import { z } from 'zod';

/**
 * Marks a field optional the way Kubernetes' JSON decoder does: absent and `null` both mean
 * "unset". Manifests often carry `null` (`nodeSelector: null`, `creationTimestamp:`), and the
 * value must survive a round trip, so `null` is accepted and kept rather than stripped.
 */
export const opt = <T extends z.ZodType>(schema: T) => schema.nullish();

/** A string-to-string map (labels, annotations, nodeSelector, Secret stringData). */
export const stringMap = z.record(z.string(), z.string());
