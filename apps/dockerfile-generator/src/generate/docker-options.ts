import { createHash } from 'node:crypto';
import type { Build } from '@kiln/build-types';
import type { DockerRewriteOptions } from '../dockerfile/rewrite-dockerfile.js';
import type { ResolvedEnvVar } from '@kiln/service-kit';
import { buildInfoOf, imageLabelsOf, type Revision } from './build-info-of.js';

/**
 * Maps a Docker-strategy Build, its fetched revision and its resolved env onto the rewrite's
 * narrow options. The post-commit alias derives from the build's uid, so a redelivered job
 * generates the same Dockerfile.
 */
export function dockerRewriteOptions(
  build: Build,
  revision: Revision,
  env: ResolvedEnvVar[],
): DockerRewriteOptions {
  const strategy = build.spec.strategy?.dockerStrategy ?? {};
  const from =
    strategy.from?.kind === 'DockerImage' ? (strategy.from.name ?? undefined) : undefined;
  return {
    from,
    env,
    buildInfo: buildInfoOf(build, revision),
    imageLabels: imageLabelsOf(build),
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
    randomHex: () =>
      createHash('sha256')
        .update(build.metadata.uid ?? '')
        .digest('hex')
        .slice(0, 32),
  };
}
