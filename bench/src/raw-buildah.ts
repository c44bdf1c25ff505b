import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, sh } from './shell.js';

export type RawTiming = { buildMs: number; pushMs: number; totalMs: number };

/** The storage.conf a Kiln builder gives a build (apps/builder/src/storage/storage-conf.ts). */
const storageConf = (dir: string, bases: string) =>
  [
    '[storage]',
    'driver = "overlay"',
    `graphroot = ${JSON.stringify(join(dir, 'graph'))}`,
    `runroot = ${JSON.stringify(join(dir, 'run'))}`,
    '',
    '[storage.options]',
    `additionalimagestores = [${JSON.stringify(bases)}]`,
    '',
  ].join('\n');

/**
 * `buildah build` + `buildah push` by hand, as fair a twin of a Kiln build as it gets: overlay,
 * `--isolation chroot`, the same bud flags as the builder, a fresh graph root per build that
 * reads base images from a store pulled once (as the builder's shared base store), and a push
 * to the same registry. Cleaning the root afterwards is not timed.
 */
export class RawBuildah {
  private readonly bases: string;

  constructor(
    private readonly scratch: string,
    private readonly registry: string,
  ) {
    this.bases = join(scratch, 'bases');
    mkdirSync(this.bases, { recursive: true });
  }

  private basesArgs(): string[] {
    return [
      '--root',
      join(this.bases, 'graph'),
      '--runroot',
      join(this.bases, 'run'),
      '--storage-driver',
      'overlay',
    ];
  }

  /** Pulls a base image into the shared store (once, untimed, as the builder's first use does). */
  async pullBase(image: string): Promise<void> {
    await sh('buildah', [...this.basesArgs(), 'pull', '--tls-verify=false', '-q', image]);
  }

  /** Removes a base image from the shared store, for a cold run. */
  async removeBase(image: string): Promise<void> {
    await run('buildah', [...this.basesArgs(), 'rmi', '-f', image]).catch(() => undefined);
  }

  async build(context: string, dockerfile: string, destination: string): Promise<RawTiming> {
    const dir = mkdtempSync(join(this.scratch, 'raw-'));
    writeFileSync(join(dir, 'storage.conf'), storageConf(dir, join(this.bases, 'graph')));
    const env = { CONTAINERS_STORAGE_CONF: join(dir, 'storage.conf'), BUILDAH_ISOLATION: 'chroot' };
    const tag = `localhost/bench-raw/${destination
      .split('/')
      .slice(1)
      .join('/')
      .replace(/[:@].*$/, '')}:latest`;
    try {
      const started = performance.now();
      await sh(
        'buildah',
        [
          'bud',
          '--isolation',
          'chroot',
          '--format',
          'oci',
          '--skip-unused-stages=false',
          '--layers',
          '--tls-verify=false',
          '-f',
          dockerfile,
          '-t',
          tag,
          context,
        ],
        { env },
      );
      const built = performance.now();
      await sh(
        'buildah',
        [
          'push',
          '--tls-verify=false',
          '--digestfile',
          join(dir, 'digest'),
          tag,
          `docker://${destination}`,
        ],
        {
          env,
        },
      );
      const pushed = performance.now();
      return { buildMs: built - started, pushMs: pushed - built, totalMs: pushed - started };
    } finally {
      await run('buildah', ['rm', '--all'], { env: { ...process.env, ...env } }).catch(
        () => undefined,
      );
      await run('buildah', ['rmi', '--all', '--force'], { env: { ...process.env, ...env } }).catch(
        () => undefined,
      );
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
