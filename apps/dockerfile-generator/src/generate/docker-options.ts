import type { Build } from '@kiln/build-types';
import type { EventOf } from '@kiln/events';
import type { DockerRewriteOptions } from '../dockerfile/rewrite-dockerfile.js';

type Revision = EventOf<'kiln.v1.stage.source.fetched'>['revision'];

/** Plain env values only; valueFrom needs the namespace's Secrets and ConfigMaps (not wired yet). */
const plain = (env: { name: string; value?: string | null }[] | null | undefined) =>
  (env ?? []).map((e) => ({ name: e.name, value: e.value ?? '' }));

/** Maps a Docker-strategy Build and its fetched revision onto the rewrite's narrow options. */
export function dockerRewriteOptions(build: Build, revision: Revision): DockerRewriteOptions {
  const strategy = build.spec.strategy?.dockerStrategy ?? {};
  const git = build.spec.source?.git;
  const from =
    strategy.from?.kind === 'DockerImage' ? (strategy.from.name ?? undefined) : undefined;
  return {
    from,
    env: plain(strategy.env),
    buildInfo: {
      name: build.metadata.name ?? '',
      namespace: build.metadata.namespace ?? '',
      ...(git?.uri ? { git: { uri: git.uri, ...(git.ref ? { ref: git.ref } : {}) } } : {}),
      ...(revision?.commit
        ? {
            commit: {
              id: revision.commit,
              authorName: revision.authorName,
              authorEmail: revision.authorEmail,
              date: revision.date,
              message: revision.message,
              ref: revision.ref,
              location: git?.uri,
            },
          }
        : {}),
      ...(build.spec.source?.contextDir ? { contextDir: build.spec.source.contextDir } : {}),
    },
    imageLabels: (build.spec.output?.imageLabels ?? []).map((l) => ({
      name: l.name,
      value: l.value ?? '',
    })),
    postCommit: build.spec.postCommit
      ? {
          command: build.spec.postCommit.command ?? undefined,
          args: build.spec.postCommit.args ?? undefined,
          script: build.spec.postCommit.script ?? undefined,
        }
      : undefined,
    imageAliases: (build.spec.source?.images ?? [])
      .filter((i) => i.as?.length && i.from.kind === 'DockerImage')
      .map((i) => ({ as: i.as ?? [], from: i.from.name ?? '' })),
  };
}
