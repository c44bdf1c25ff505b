import { isPlainHttpRegistry, parseImageReference } from '@kiln/artifact-store';
import { Inject, Injectable } from '@nestjs/common';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config.js';
import { BuildahRunner } from '../build/buildah.runner.js';
import { BuilderStorage } from './builder-storage.js';
import { bytesDownloaded, downloadedBlob, isDebugLine } from './pull-output.js';

/** How often a pull in progress says so in the build log. */
export const PROGRESS_EVERY_MS = 10_000;

/** `bytes`: what the pulls downloaded (blobs already in the store are not fetched again). */
/** An image this builder pulled, and when: each is a step of the build's PullImages stage. */
export type PulledImage = { image: string; startTime: string; durationMilliseconds: number };
export type BasePullReport = { pulled: PulledImage[]; reused: string[]; bytes: number };

/**
 * Pulls a build's base images into the node's shared store, once: an image already there is
 * reused unless forcePull asks for a fresh pull (by tag, as `--pull-always` would). Images this
 * builder has pulled or found are remembered, which spares every later build a `buildah inspect`;
 * should one vanish from the store all the same, `buildah bud` pulls it for the build itself.
 * Pulls run at debug level only because that is where Buildah says which blobs it downloads.
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
      /** How often a pull in progress says so (PROGRESS_EVERY_MS unless given). */
      progressEveryMs?: number;
    },
  ): Promise<BasePullReport> {
    const report: BasePullReport = { pulled: [], reused: [], bytes: 0 };
    for (const image of new Set(images)) {
      if (!options.forcePull && (await this.present(image))) {
        options.log(`Using base image ${image} already on this builder`);
        report.reused.push(image);
        continue;
      }
      options.log(`Pulling base image ${image} ...`);
      const blobs = new Set<string>();
      // Buildah says nothing between a blob's start and its end: a large layer would leave the
      // log silent for minutes, so the pull reports itself while it lasts.
      const started = Date.now();
      const progress = setInterval(() => {
        const seconds = Math.round((Date.now() - started) / 1000);
        options.log(
          `Still pulling ${image}: ${seconds} s, ${blobs.size} blob(s) downloaded so far`,
        );
      }, options.progressEveryMs ?? PROGRESS_EVERY_MS);
      const pulled = await this.buildah
        .run(
          [
            ...this.storage.basesArgs(),
            '--log-level',
            'debug',
            'pull',
            `--tls-verify=${String(!this.insecure(image))}`,
            ...(options.authfile ? ['--authfile', options.authfile] : []),
            image,
          ],
          (line) => {
            if (!isDebugLine(line)) {
              options.log(line);
            }
            const blob = downloadedBlob(line);
            if (blob) {
              blobs.add(blob);
            }
          },
          options.signal,
        )
        .finally(() => clearInterval(progress));
      if (pulled.code !== 0) {
        const detail = pulled.tail
          .filter((l) => !isDebugLine(l))
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
      report.pulled.push({
        image,
        startTime: new Date(started).toISOString(),
        durationMilliseconds: Date.now() - started,
      });
      report.bytes += await this.bytesOf(image, blobs);
    }
    return report;
  }

  /** The sizes of the downloaded blobs, from the manifest the pull stored (0 if unreadable). */
  private async bytesOf(image: string, blobs: ReadonlySet<string>): Promise<number> {
    if (blobs.size === 0) {
      return 0;
    }
    const lines: string[] = [];
    const inspected = await this.buildah.run(
      [
        ...this.storage.basesArgs(),
        'inspect',
        '--type',
        'image',
        '--format',
        '{{.Manifest}}',
        image,
      ],
      (line) => lines.push(line),
    );
    // One line of JSON on stdout; a warning on stderr would be another line.
    const manifest = lines.find((l) => l.startsWith('{'));
    try {
      return inspected.code === 0 && manifest ? bytesDownloaded(manifest, blobs) : 0;
    } catch {
      return 0;
    }
  }
}
