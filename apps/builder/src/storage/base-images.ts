import { isPlainHttpRegistry, parseImageReference } from '@kiln/artifact-store';
import { Inject, Injectable } from '@nestjs/common';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config.js';
import { BuildahRunner } from '../build/buildah.runner.js';
import { BuilderStorage } from './builder-storage.js';

export type BasePullReport = { pulled: string[]; reused: string[] };

/**
 * Pulls a build's base images into the node's shared store, once: an image already there is
 * reused unless forcePull asks for a fresh pull (by tag, as `--pull-always` would). Images this
 * builder has pulled or found are remembered, which spares every later build a `buildah inspect`;
 * should one vanish from the store all the same, `buildah bud` pulls it for the build itself.
 */
@Injectable()
export class BaseImages {
  private readonly known = new Set<string>();

  constructor(
    @Inject(BUILDER_CONFIG) private readonly config: BuilderConfig,
    private readonly storage: BuilderStorage,
    private readonly buildah: BuildahRunner,
  ) {}

  private insecure(image: string): boolean {
    return isPlainHttpRegistry(parseImageReference(image).registry, [
      this.config.REGISTRY_HOST,
      ...this.config.KILN_INSECURE_REGISTRIES,
    ]);
  }

  private async present(image: string): Promise<boolean> {
    if (this.known.has(image)) {
      return true;
    }
    const found = await this.buildah.run(
      [
        ...this.storage.basesArgs(),
        'inspect',
        '--type',
        'image',
        '--format',
        '{{.FromImageID}}',
        image,
      ],
      () => undefined,
    );
    if (found.code === 0) {
      this.known.add(image);
    }
    return found.code === 0;
  }

  async ensure(
    images: readonly string[],
    options: {
      forcePull: boolean;
      authfile?: string;
      log: (line: string) => void;
      signal: AbortSignal;
    },
  ): Promise<BasePullReport> {
    const report: BasePullReport = { pulled: [], reused: [] };
    for (const image of new Set(images)) {
      if (!options.forcePull && (await this.present(image))) {
        options.log(`Using base image ${image} already on this builder`);
        report.reused.push(image);
        continue;
      }
      options.log(`Pulling base image ${image} ...`);
      const pulled = await this.buildah.run(
        [
          ...this.storage.basesArgs(),
          'pull',
          `--tls-verify=${String(!this.insecure(image))}`,
          ...(options.authfile ? ['--authfile', options.authfile] : []),
          image,
        ],
        (line) => options.log(line),
        options.signal,
      );
      if (pulled.code !== 0) {
        const detail = pulled.tail
          .filter((l) => /error|denied|unauthorized|not found|manifest unknown/i.test(l))
          .slice(-1)[0];
        throw Object.assign(
          new Error(`could not pull base image ${image}${detail ? `: ${detail}` : ''}`),
          {
            pullFailed: true,
          },
        );
      }
      this.known.add(image);
      report.pulled.push(image);
    }
    return report;
  }
}
