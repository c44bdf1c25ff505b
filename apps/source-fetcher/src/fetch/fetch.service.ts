import { Inject, Injectable } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Build } from '@kiln/build-types';
import type { BuildRef, EventOf } from '@kiln/events';
import { ObjectResolver } from '@kiln/service-kit';
import type { BinaryUpload } from '../binary/binary-source.js';
import type { SourceFetcherConfig } from '../config/source-fetcher.config.js';
import { SOURCE_FETCHER_CONFIG } from '../config/tokens.js';
import type { Revision } from '../git/revision.js';
import { planImageCopies } from '../images/image-paths.js';
import { binaryRevision, storeBundle } from './bundle-store.js';
import { contextOf, writeDockerfile } from './context-dir.js';
import { FetchError } from './fetch-errors.js';
import { Redactor, type FetchLog } from './fetch-log.js';
import { fetchSources, type FetchSources } from './fetch-sources.js';
import { resolvePullSecrets, resolveSourceSecret } from './source-secrets.js';

type Step = EventOf<'kiln.v1.stage.source.fetched'>['steps'][number];
export type FetchResult = Omit<EventOf<'kiln.v1.stage.source.fetched'>, 'build'>;
export type FetchJob = { build: Build; ref: BuildRef; binary?: BinaryUpload };

/**
 * Produces a build's source (git checkout or binary upload, then image content and the inline
 * Dockerfile, in OpenShift's order) as a bundle in the farm registry. Everything happens in a
 * private work dir removed on every path; every message that leaves is stripped of the secrets
 * the fetch handled.
 */
@Injectable()
export class FetchService {
  private readonly sources: FetchSources;

  constructor(
    @Inject(SOURCE_FETCHER_CONFIG) private readonly config: SourceFetcherConfig,
    @Inject(ObjectResolver) private readonly objects: ObjectResolver,
  ) {
    this.sources = fetchSources(config);
  }

  async fetch(job: FetchJob, log: FetchLog): Promise<FetchResult> {
    const work = mkdtempSync(join(this.config.KILN_WORK_DIR, 'fetch-'));
    const redactor = new Redactor(log);
    try {
      return await this.run(job, work, log, redactor);
    } catch (error) {
      if (error && typeof (error as Error).message === 'string') {
        (error as Error).message = redactor.apply((error as Error).message);
      }
      throw error;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  private async run(
    { build, ref, binary }: FetchJob,
    work: string,
    log: FetchLog,
    redactor: Redactor,
  ): Promise<FetchResult> {
    const source = build.spec.source ?? {};
    // Checked before anything is fetched: a bad spec should not cost a clone.
    const copies = planImageCopies(source.images, ref.namespace, this.config.REGISTRY_HOST);
    const root = join(work, 'src');
    mkdirSync(root);
    const steps: Step[] = [];
    let revision: Revision | undefined;
    if (binary) {
      await this.sources.binary.extract(binary, ref.namespace, root, log);
      revision = binaryRevision(build.spec.revision);
    } else if (source.binary) {
      throw new FetchError(
        'FetchSourceFailed',
        'this is a binary build but no upload came with it: start it with instantiatebinary',
      );
    } else if (source.git?.uri) {
      const started = new Date();
      revision = await this.sources.git.fetch({
        git: source.git,
        secret: await resolveSourceSecret(this.objects, ref, build),
        checkout: root,
        secretDir: join(work, 'secrets'),
        log,
        redactor,
      });
      rmSync(join(work, 'secrets'), { recursive: true, force: true });
      steps.push(step('FetchGitSource', started));
      log.line(`Commit: ${revision.commit ?? ''} (${revision.message ?? ''})`);
      log.line(`Author: ${revision.authorName ?? ''} <${revision.authorEmail ?? ''}>`);
    }
    if (copies.length > 0) {
      const pullSecrets = await resolvePullSecrets(this.objects, ref, copies);
      await this.sources.images.copy(
        copies,
        root,
        join(work, 'images'),
        pullSecrets,
        log,
        redactor,
      );
    }
    const fetched = binary !== undefined || Boolean(source.git?.uri);
    const context = await contextOf(
      root,
      source.contextDir ?? undefined,
      fetched ? 'must-exist' : 'create',
    );
    if (source.dockerfile) {
      writeDockerfile(context, source.dockerfile);
      log.line('Using the inline Dockerfile from the BuildConfig');
    }
    const started = new Date();
    // An archive upload left as it came is already a valid bundle layer: only a manifest is written.
    const untouched = copies.length === 0 && !source.dockerfile;
    const bundle = await storeBundle(
      this.sources.registry,
      `kiln-sources/${ref.namespace}`,
      root,
      untouched ? binary : undefined,
      this.sources.limits,
    );
    log.line(
      `Source bundle ${bundle.digest}: ${bundle.blobSize} bytes of ${bundle.format}, ${bundle.bytesUploaded} bytes sent`,
    );
    steps.push(step('StoreSourceBundle', started));
    return {
      bundle: { repository: bundle.repository, digest: bundle.digest, size: bundle.size },
      sourceBytes: bundle.blobSize,
      revision,
      steps,
    };
  }
}

function step(name: Step['name'], started: Date): Step {
  return {
    name,
    startTime: started.toISOString(),
    durationMilliseconds: Date.now() - started.getTime(),
  };
}
