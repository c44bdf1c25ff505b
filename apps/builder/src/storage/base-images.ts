import { Inject, Injectable } from '@nestjs/common';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config.js';
import { BuildahRunner } from '../build/buildah.runner.js';
import { BuilderStorage } from './builder-storage.js';

export type BasePullReport = { pulled: string[]; reused: string[] };

/**
 * Pulls a build's base images into the node's shared store, once: an image already there is
 * reused unless forcePull asks for a fresh pull (by tag, as `--pull-always` would).
 */
@Injectable()
export class BaseImages {
  constructor(
    @Inject(BUILDER_CONFIG) private readonly config: BuilderConfig,
    private readonly storage: BuilderStorage,
    private readonly buildah: BuildahRunner,
  ) {}

  private insecure(image: string): boolean {
    const host = image.split('/')[0] ?? '';
    return (
      host === this.config.REGISTRY_HOST ||
      host.startsWith('127.') ||
      host.startsWith('localhost') ||
      this.config.KILN_INSECURE_REGISTRIES.split(',').includes(host)
    );
  }

  private async present(image: string): Promise<boolean> {
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
      report.pulled.push(image);
    }
    return report;
  }
}
