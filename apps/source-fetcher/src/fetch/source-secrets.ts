import type { Build } from '@kiln/build-types';
import type { BuildRef, ResolvedObject } from '@kiln/events';
import { objectKey, objectValue, type ObjectResolver } from '@kiln/service-kit';
import type { SourceSecret } from '../git/git-auth.js';
import type { ImageCopy } from '../images/image-paths.js';

const sourceSecretKeys = [
  'username',
  'password',
  'token',
  'ssh-privatekey',
  'known_hosts',
  'ca.crt',
  '.gitconfig',
] as const;

/** The build's sourceSecret, decoded; a missing Secret ends the build with FetchSourceFailed. */
export async function resolveSourceSecret(
  objects: ObjectResolver,
  ref: BuildRef,
  build: Build,
): Promise<SourceSecret | undefined> {
  const name = build.spec.source?.sourceSecret?.name;
  if (!name) {
    return undefined;
  }
  const secretRef = { kind: 'Secret', name } as const;
  const resolved = await objects.resolve(ref, [secretRef], 'FetchSourceFailed');
  const object = resolved.get(objectKey(secretRef));
  const secret: SourceSecret = {};
  for (const key of sourceSecretKeys) {
    const value = objectValue(object, key);
    if (value !== undefined) {
      secret[key] = value;
    }
  }
  return secret;
}

/** The pull secrets `source.images` name, by Secret name. */
export async function resolvePullSecrets(
  objects: ObjectResolver,
  ref: BuildRef,
  copies: readonly ImageCopy[],
): Promise<Map<string, ResolvedObject>> {
  const names = [...new Set(copies.flatMap((c) => (c.pullSecret ? [c.pullSecret] : [])))];
  const refs = names.map((name) => ({ kind: 'Secret', name }) as const);
  const resolved = await objects.resolve(ref, refs, 'FetchImageContentFailed');
  return new Map(
    names.flatMap((name) => {
      const object = resolved.get(objectKey({ kind: 'Secret', name }));
      return object ? [[name, object] as const] : [];
    }),
  );
}
