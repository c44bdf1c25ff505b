import type { Build } from '@kiln/build-types';
import type { EventOf } from '@kiln/events';
import type { BuildInfo } from '../dockerfile/build-info.js';

export type Revision = EventOf<'kiln.v1.stage.source.fetched'>['revision'];

/** The build's identity and source metadata, from the Build and what the fetcher recorded. */
export function buildInfoOf(build: Build, revision: Revision): BuildInfo {
  const git = build.spec.source?.git;
  const commit = revision?.commit ? revision : undefined;
  return {
    name: build.metadata.name ?? '',
    namespace: build.metadata.namespace ?? '',
    ...(git?.uri ? { git: { uri: git.uri, ...(git.ref ? { ref: git.ref } : {}) } } : {}),
    ...(commit
      ? {
          commit: {
            id: commit.commit,
            authorName: commit.authorName,
            authorEmail: commit.authorEmail,
            date: commit.date,
            message: commit.message,
            ref: commit.ref,
            location: git?.uri,
          },
        }
      : {}),
    ...(build.spec.source?.contextDir ? { contextDir: build.spec.source.contextDir } : {}),
  };
}

/** output.imageLabels as key/value pairs. */
export const imageLabelsOf = (build: Build): { name: string; value: string }[] =>
  (build.spec.output?.imageLabels ?? []).map((l) => ({ name: l.name, value: l.value ?? '' }));
