import { isPlainHttpRegistry } from '@kiln/artifact-store';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { credentialsForRegistry, parseImageReference } from '@kiln/artifact-store';
import type { ResolvedObject } from '@kiln/events';
import { FetchError } from '../fetch/fetch-errors.js';
import type { FetchLog, Redactor } from '../fetch/fetch-log.js';
import { SourceTooLarge, type TreeLimits } from '../tree/source-tree.js';
import { resolveBelow } from '../tree/tree-paths.js';
import { BuildahFailed, BuildahRunner, type BuildahStorage } from './buildah.runner.js';
import { ensureDirectory } from '../tree/ensure-directory.js';
import { CopyBudget, copyTree } from './copy-tree.js';
import type { ImageCopy, PathCopy } from './image-paths.js';

export type ImageContentOptions = {
  /** Shared store (kept between builds), or undefined for a store per fetch under its work dir. */
  sharedStorage: BuildahStorage | undefined;
  driver: BuildahStorage['driver'];
  insecureRegistries: readonly string[];
  limits: TreeLimits;
};

/**
 * `source.images[].paths`, as OpenShift's extract-image-content step does it: each image is
 * pulled with Buildah, its container's filesystem mounted, and the paths copied into the source.
 *
 * Buildah rather than our registry client: applying an image's layers correctly (whiteouts,
 * hardlinks across layers, absolute symlinks, device nodes) is what Buildah already does, and
 * OpenShift uses it for this step too. Paths are resolved inside the mounted filesystem as if
 * chrooted into it, so an image's symlink (`/data -> /`) can never reach the host's files.
 */
export class ImageContent {
  constructor(private readonly options: ImageContentOptions) {}

  async copy(
    copies: readonly ImageCopy[],
    sourceRoot: string,
    work: string,
    pullSecrets: ReadonlyMap<string, ResolvedObject>,
    log: FetchLog,
    redactor: Redactor,
  ): Promise<void> {
    const storage = this.options.sharedStorage ?? {
      root: join(work, 'storage'),
      runroot: join(work, 'storage-run'),
      driver: this.options.driver,
    };
    const home = join(work, 'buildah-home');
    mkdirSync(home, { recursive: true, mode: 0o700 });
    const buildah = new BuildahRunner(storage, home);
    const budget = new CopyBudget(this.options.limits);
    try {
      for (const [i, copy] of copies.entries()) {
        const secret = copy.pullSecret ? pullSecrets.get(copy.pullSecret) : undefined;
        const authfile = this.authFile(copy, secret, join(home, `auth-${i}.json`), redactor);
        await this.fromImage(
          buildah,
          copy,
          authfile,
          async (rootfs) => {
            for (const path of copy.paths) {
              await copyPath(rootfs, path, sourceRoot, budget, copy.image, log);
            }
          },
          log,
        );
      }
    } catch (error) {
      throw explain(error);
    } finally {
      if (!this.options.sharedStorage) {
        // Image layers may be mounted (overlay): remove them through Buildah before the files go.
        await buildah.run(['rmi', '--all', '--force']).catch(() => undefined);
      }
    }
  }

  /** An auth file holding only this image's registry's credentials (always one: never the host's). */
  private authFile(
    copy: ImageCopy,
    secret: ResolvedObject | undefined,
    path: string,
    redactor: Redactor,
  ): string {
    const registry = parseImageReference(copy.image).registry;
    const credentials = secret ? credentialsForRegistry(secret, registry) : undefined;
    const auths: Record<string, Record<string, string>> = {};
    if (credentials && 'token' in credentials && credentials.token) {
      auths[registry] = { identitytoken: credentials.token };
      redactor.add(credentials.token);
    } else if (credentials && 'username' in credentials) {
      const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString(
        'base64',
      );
      auths[registry] = { auth };
      redactor.add(credentials.password, auth);
    }
    writeFileSync(path, JSON.stringify({ auths }), { mode: 0o600, flag: 'wx' });
    return path;
  }

  private async fromImage(
    buildah: BuildahRunner,
    copy: ImageCopy,
    authfile: string,
    use: (rootfs: string) => Promise<void>,
    log: FetchLog,
  ): Promise<void> {
    const registry = parseImageReference(copy.image).registry;
    const tls = isPlainHttpRegistry(registry, this.options.insecureRegistries)
      ? ['--tls-verify=false']
      : [];
    log.line(`Pulling image ${copy.image} to copy content from it ...`);
    const name = `kiln-fetch-${randomBytes(6).toString('hex')}`;
    try {
      await buildah.run([
        'from',
        '--quiet',
        '--pull-always',
        '--name',
        name,
        '--authfile',
        authfile,
        ...tls,
        `docker://${copy.image}`,
      ]);
    } catch (error) {
      throw new FetchError(
        'FetchImageContentFailed',
        `pulling ${copy.image} failed: ${error instanceof BuildahFailed ? error.message : String(error)}`,
      );
    }
    try {
      await use(await buildah.run(['mount', name]));
    } finally {
      await buildah.run(['rm', name]).catch(() => undefined);
    }
  }
}

/** One `paths` entry: `cp -r -p <sourcePath> <destinationDir>`, inside the image's root only. */
async function copyPath(
  rootfs: string,
  path: PathCopy,
  sourceRoot: string,
  budget: CopyBudget,
  image: string,
  log: FetchLog,
): Promise<void> {
  const resolved = await resolveBelow(rootfs, [], path.sourcePath, 'clamp');
  const from = resolved ? join(rootfs, ...resolved) : undefined;
  const stats = from ? await lstat(from).catch(() => null) : null;
  if (!from || !stats) {
    throw new FetchError(
      'FetchImageContentFailed',
      `${path.sourcePath} does not exist in ${image}`,
    );
  }
  if (path.contentsOnly && !stats.isDirectory()) {
    throw new FetchError(
      'FetchImageContentFailed',
      `${path.sourcePath} in ${image} is not a directory (its path ends in "/.")`,
    );
  }
  const destination = await ensureDirectory(sourceRoot, path.destination);
  const skipped = (p: string) =>
    log.line(`Skipped ${p.slice(rootfs.length)}: not a file, directory or symlink`);
  const before = budget.entries;
  if (path.contentsOnly) {
    await copyTree(from, destination, budget, skipped);
  } else {
    await copyTree(from, join(destination, basename(path.sourcePath) || 'root'), budget, skipped);
  }
  const shown = path.destination.join('/') || '.';
  log.line(
    `Copied ${path.sourcePath}${path.contentsOnly ? '/.' : ''} from ${image} to ${shown} (${budget.entries - before} entries)`,
  );
}

function explain(error: unknown): unknown {
  if (error instanceof SourceTooLarge) {
    return new FetchError('FetchImageContentFailed', `copying image content: ${error.message}`);
  }
  if (error instanceof BuildahFailed) {
    return new FetchError(
      'FetchImageContentFailed',
      `extracting image content failed: ${error.message}`,
    );
  }
  return error;
}
