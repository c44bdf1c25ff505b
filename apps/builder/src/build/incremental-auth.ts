import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { credentialsForRegistry, parseImageReference } from '@kiln/artifact-store';
import type { EventOf } from '@kiln/events';
import { objectKey, type ObjectRef, type ResolvedObjects } from '@kiln/service-kit';

type Job = EventOf<'kiln.v1.stage.dockerfile.generated'>;

/** The Secret an incremental build pulls its previous image with, resolved with the others. */
export function incrementalObjects(job: Job): ObjectRef[] {
  const secret = job.incremental?.pullSecret;
  return secret ? [{ kind: 'Secret', name: secret }] : [];
}

/**
 * An authfile (0600, in the build's work dir) for pulling the previous image of an incremental
 * build: only the entry of the push secret for that image's registry, chosen as the generator
 * chose it (`credentialsForRegistry`) when it checked the image could be read, so that check and
 * pull use the same credentials. Undefined when there are none: the check was anonymous too.
 */
export function writeIncrementalAuthfile(
  job: Job,
  objects: ResolvedObjects,
  work: string,
): string | undefined {
  const incremental = job.incremental;
  const secret = incremental?.pullSecret
    ? objects.get(objectKey({ kind: 'Secret', name: incremental.pullSecret }))
    : undefined;
  if (!incremental || !secret) {
    return undefined;
  }
  const registry = parseImageReference(incremental.image).registry;
  const credentials = credentialsForRegistry(secret, registry);
  if (!credentials) {
    return undefined;
  }
  const entry =
    'token' in credentials
      ? { identitytoken: credentials.token }
      : {
          auth: Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'),
        };
  const authfile = join(work, 'incremental-auth.json');
  writeFileSync(authfile, JSON.stringify({ auths: { [registry]: entry } }), { mode: 0o600 });
  return authfile;
}
