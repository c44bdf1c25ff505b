import { Inject, Injectable } from '@nestjs/common';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Build } from '@kiln/build-types';
import { pushDirectoryBundle, RegistryClient } from '@kiln/artifact-store';
import type { BuildLogWriter, EventOf } from '@kiln/events';
import { SOURCE_FETCHER_CONFIG } from '../config/tokens.js';
import type { SourceFetcherConfig } from '../config/source-fetcher.config.js';
import { cloneAt } from './clone.js';
import { explainGitFailure, FetchError } from './fetch-errors.js';
import { GitRunner } from './git.runner.js';
import { refuseGitUrl } from './git-url.js';
import { readRevision, type Revision } from './revision.js';

type Step = EventOf<'kiln.v1.stage.source.fetched'>['steps'][number];
export type FetchResult = Omit<EventOf<'kiln.v1.stage.source.fetched'>, 'build'>;

/** Produces a build's context (git checkout and/or inline Dockerfile) as a bundle in the farm registry. */
@Injectable()
export class FetchService {
  private readonly git: GitRunner;
  private readonly registry: RegistryClient;

  constructor(@Inject(SOURCE_FETCHER_CONFIG) private readonly config: SourceFetcherConfig) {
    this.git = new GitRunner(config.KILN_CLONE_TIMEOUT_SECONDS * 1000);
    this.registry = new RegistryClient({ host: config.REGISTRY_HOST, insecure: true });
  }

  async fetch(build: Build, log: BuildLogWriter): Promise<FetchResult> {
    const source = build.spec.source ?? {};
    const work = mkdtempSync(join(this.config.KILN_WORK_DIR, 'fetch-'));
    const steps: Step[] = [];
    try {
      const checkout = join(work, 'src');
      let revision: Revision | undefined;
      if (source.git?.uri) {
        const refused = refuseGitUrl(source.git.uri, this.config.KILN_ALLOW_LOCAL_GIT);
        if (refused) {
          throw new FetchError('FetchSourceFailed', `spec.source.git.uri: ${refused}`);
        }
        const started = new Date();
        try {
          await cloneAt(this.git, source.git.uri, source.git.ref ?? undefined, checkout, (l) =>
            log.line(l),
          );
        } catch (error) {
          throw new FetchError(
            'FetchSourceFailed',
            explainGitFailure(
              (error as { stderr?: string }).stderr ?? (error as Error).message,
              source.git.uri,
            ),
          );
        }
        revision = await readRevision(this.git, checkout, source.git.ref ?? undefined);
        rmSync(join(checkout, '.git'), { recursive: true, force: true });
        steps.push({
          name: 'FetchGitSource',
          startTime: started.toISOString(),
          durationMilliseconds: Date.now() - started.getTime(),
        });
        log.line(`Commit: ${revision.commit ?? ''} (${revision.message ?? ''})`);
        log.line(`Author: ${revision.authorName ?? ''} <${revision.authorEmail ?? ''}>`);
      }
      const contextDir = contextOf(checkout, source.contextDir ?? undefined);
      if (source.dockerfile) {
        writeFileSync(join(contextDir, 'Dockerfile'), source.dockerfile);
        log.line('Using the inline Dockerfile from the BuildConfig');
      }
      const started = new Date();
      const bundle = await pushDirectoryBundle(
        this.registry,
        `kiln-sources/${build.metadata.namespace ?? ''}`,
        checkout,
      );
      log.line(`Source bundle ${bundle.digest} (${bundle.size} bytes)`);
      steps.push({
        name: 'StoreSourceBundle',
        startTime: started.toISOString(),
        durationMilliseconds: Date.now() - started.getTime(),
      });
      return {
        bundle: { repository: bundle.repository, digest: bundle.digest, size: bundle.size },
        revision,
        steps,
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}

/** The context directory inside the checkout; created for an inline Dockerfile, else it must exist. */
function contextOf(checkout: string, contextDir: string | undefined): string {
  if (!existsSync(checkout)) {
    return mkdirContext(checkout);
  }
  if (!contextDir) {
    return checkout;
  }
  const target = resolve(checkout, contextDir.replace(/^\/+/, ''));
  if (
    !target.startsWith(checkout + sep) ||
    !existsSync(target) ||
    !lstatSync(target).isDirectory() ||
    !realpathSync(target).startsWith(realpathSync(checkout))
  ) {
    throw new FetchError(
      'InvalidContextDirectory',
      `the contextDir "${contextDir}" does not exist in the source repository`,
    );
  }
  return target;
}

/** No repository: the context is just what the BuildConfig carries (an inline Dockerfile). */
function mkdirContext(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
