import { Injectable } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventOf } from '@kiln/events';
import { objectKey, StageFailure, type ResolvedObjects } from '@kiln/service-kit';
import type { LayerCache } from '../storage/builder-storage.js';
import { BuildahRunner } from './buildah.runner.js';
import { writeObject } from './build-inputs.js';

type Job = EventOf<'kiln.v1.stage.dockerfile.generated'>;
type Custom = NonNullable<Job['custom']>;

/** Where the fetched source is mounted (read-only) for a custom builder, as OpenShift's inputs dir. */
export const CUSTOM_INPUTS_DIR = '/tmp/build/inputs';

type ImageConfig = { Entrypoint?: string[] | null; Cmd?: string[] | null };

const run = promisify(execFile);

/**
 * Runs a Custom-strategy builder image with Buildah: no container socket is offered; the build's
 * env (BUILD, SOURCE_*, OUTPUT_*), its secrets (read-only mounts) and the fetched source
 * (read-only at /tmp/build/inputs) are. The builder image pushes OUTPUT_IMAGE itself.
 */
@Injectable()
export class CustomBuild {
  constructor(private readonly buildah: BuildahRunner) {}

  async run(
    custom: Custom,
    objects: ResolvedObjects,
    dirs: { context: string; work: string },
    cache: LayerCache,
    log: (line: string) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const created = await this.buildah.run(
      ['from', '--pull-never', '-q', custom.image],
      () => undefined,
      signal,
      cache.env,
    );
    const container = created.tail.at(-1)?.trim() ?? '';
    if (created.code !== 0 || container === '') {
      throw new StageFailure(
        'PullBuilderImageFailed',
        `could not start the custom builder ${custom.image}: ${created.tail.slice(-2).join(' ')}`,
      );
    }
    try {
      // buildah 1.28's --format has no json function: read the whole inspection instead.
      const { stdout } = await run('buildah', ['inspect', '--type', 'container', container], {
        env: { ...process.env, ...cache.env },
        maxBuffer: 16 * 1024 * 1024,
      });
      const config =
        (JSON.parse(stdout) as { OCIv1?: { config?: ImageConfig } }).OCIv1?.config ?? {};
      const command = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
      if (command.length === 0) {
        throw new StageFailure(
          'GenericBuildFailed',
          `the custom builder ${custom.image} has no ENTRYPOINT or CMD to run`,
        );
      }
      const mounts = custom.secrets.map((secret, index) => {
        const dir = join(dirs.work, 'custom-secrets', String(index));
        mkdirSync(dir, { recursive: true });
        const object = objects.get(objectKey({ kind: 'Secret', name: secret.name }));
        if (object) {
          writeObject(object, dir);
        }
        return ['--volume', `${dir}:${secret.mountPath}:ro`];
      });
      log(`Running custom builder ${custom.image}: ${command.join(' ')}`);
      const ran = await this.buildah.run(
        [
          'run',
          '--isolation',
          'chroot',
          '--volume',
          `${dirs.context}:${CUSTOM_INPUTS_DIR}:ro`,
          ...mounts.flat(),
          ...custom.env.flatMap((e) => ['--env', `${e.name}=${e.value}`]),
          container,
          '--',
          ...command,
        ],
        log,
        signal,
        cache.env,
      );
      if (signal.aborted) {
        throw new StageFailure('CancelledBuild', 'The build was cancelled');
      }
      if (ran.code !== 0) {
        throw new StageFailure(
          'GenericBuildFailed',
          `the custom builder exited with status ${String(ran.code)}`,
          ran.tail.slice(-10).join('\n'),
        );
      }
    } finally {
      await this.buildah.run(['rm', container], () => undefined, undefined, cache.env);
    }
  }
}
