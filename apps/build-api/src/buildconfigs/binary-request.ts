import { binaryBuildRequestOptionsSchema, type BuildRequest } from '@kiln/build-types';
import { ApiError } from '../http/api-error.js';

/**
 * The BuildRequest of `instantiatebinary` from its query (BinaryBuildRequestOptions): `asFile`
 * keeps the body as that one file, and `revision.*` describe the commit it came from.
 */
export function binaryBuildRequest(name: string, query: Record<string, unknown>): BuildRequest {
  const parsed = binaryBuildRequestOptionsSchema.safeParse(
    Object.fromEntries(Object.entries(query).filter(([, v]) => typeof v === 'string')),
  );
  if (!parsed.success) {
    throw new ApiError('BadRequest', `invalid BinaryBuildRequestOptions: ${parsed.error.message}`);
  }
  const options = parsed.data;
  const asFile = options.asFile ?? undefined;
  if (asFile !== undefined && (asFile.includes('/') || asFile === '.' || asFile === '..')) {
    throw ApiError.invalid('BinaryBuildRequestOptions', name, [
      { field: 'asFile', message: 'must be a file name: no "/", and not "." or ".."' },
    ]);
  }
  const at = (key: keyof typeof options) =>
    (options[key] as string | null | undefined) ?? undefined;
  const git = {
    commit: at('revision.commit'),
    message: at('revision.message'),
    author: person(at('revision.authorName'), at('revision.authorEmail')),
    committer: person(at('revision.committerName'), at('revision.committerEmail')),
  };
  const hasRevision = Object.values(git).some((v) => v !== undefined);
  return {
    kind: 'BuildRequest',
    apiVersion: 'build.openshift.io/v1',
    metadata: { name },
    binary: asFile ? { asFile } : {},
    ...(hasRevision ? { revision: { type: 'Git', git: withoutUndefined(git) } } : {}),
    triggeredBy: [{ message: 'Manually triggered' }],
  };
}

function person(name: string | undefined, email: string | undefined) {
  return name === undefined && email === undefined ? undefined : withoutUndefined({ name, email });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
