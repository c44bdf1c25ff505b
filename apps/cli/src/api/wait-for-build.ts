import { BuildLabel, type Build } from '@kiln/build-types';
import { ApiError } from './api-error.js';
import { isFinished } from './builds.js';
import type { KilnClient } from './client.js';
import { watchObjects } from './objects.js';
import { objectPath, Resources } from './resources.js';

/** Answers to a watch that mean "not served here" or "expired": poll instead. */
const pollableCodes = new Set([400, 404, 405, 406, 410, 501]);

/**
 * Resolves once the build reaches a terminal phase. Watches the builds collection from the
 * build's own resourceVersion; when the watch ends, expires or is not served, it reads the build
 * again after a pause, so it degrades to polling rather than failing.
 */
export async function waitForBuild(
  client: KilnClient,
  namespace: string,
  name: string,
  sleep: (ms: number) => Promise<void>,
  pollMs = 1000,
): Promise<Build> {
  for (;;) {
    const build = await client.get<Build>(objectPath(Resources.builds, namespace, name));
    if (isFinished(build)) {
      return build;
    }
    const config = build.metadata.labels?.[BuildLabel.BuildConfigName];
    try {
      for await (const event of watchObjects<Build>(client, Resources.builds, namespace, {
        labelSelector: config ? `${BuildLabel.BuildConfigName}=${config}` : undefined,
        resourceVersion: build.metadata.resourceVersion ?? undefined,
      })) {
        if (event.type === 'ERROR') {
          break; // typically 410 Gone: read the build again
        }
        if (event.object.metadata.name !== name) {
          continue;
        }
        if (event.type === 'DELETED') {
          throw new Error(`build ${namespace}/${name} was deleted while waiting for it`);
        }
        if (isFinished(event.object)) {
          return event.object;
        }
      }
    } catch (error) {
      if (!(error instanceof ApiError) || !pollableCodes.has(error.code)) {
        throw error;
      }
    }
    await sleep(pollMs);
  }
}
