import { z } from 'zod';

/** The media types of manifests: a push of one of these (by tag) moves a tag. */
export const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
] as const;

/** The envelope docker-registry (CNCF distribution) POSTs to a notification endpoint. */
const envelopeSchema = z.looseObject({
  events: z.array(
    z.looseObject({
      id: z.string().optional(),
      action: z.string(),
      target: z
        .looseObject({
          mediaType: z.string().optional(),
          digest: z.string().optional(),
          repository: z.string().optional(),
          tag: z.string().optional(),
        })
        .optional(),
    }),
  ),
});

/** A manifest pushed under a tag. */
export type TagPush = { repository: string; tag: string; digest: string };

/**
 * The tag pushes in a notification envelope. Pulls, blob uploads, deletes and manifests pushed
 * by digest only (an index's children) move no tag and are left out; so are duplicates, which
 * the registry sends when it retries.
 */
export function tagPushesOf(body: unknown): { pushes: TagPush[] } | { error: string } {
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) {
    return {
      error: `not a registry notification envelope: ${parsed.error.issues[0]?.message ?? ''}`,
    };
  }
  const pushes: TagPush[] = [];
  for (const event of parsed.data.events) {
    const { mediaType = '', digest, repository, tag } = event.target ?? {};
    const manifest = (MANIFEST_TYPES as readonly string[]).includes(mediaType);
    if (event.action !== 'push' || !manifest || !digest || !repository || !tag) {
      continue;
    }
    if (!pushes.some((p) => p.repository === repository && p.tag === tag && p.digest === digest)) {
      pushes.push({ repository, tag, digest });
    }
  }
  return { pushes };
}
