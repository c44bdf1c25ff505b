import { Inject, Injectable } from '@nestjs/common';
import { StepName, type Build } from '@kiln/build-types';
import {
  apiHost,
  credentialsForRegistry,
  isPlainHttpRegistry,
  parseImageReference,
  RegistryClient,
  RegistryError,
  type RegistryErrorCode,
} from '@kiln/artifact-store';
import { buildRefOf, type BuildLogWriter, type EventOf } from '@kiln/events';
import { ObjectResolver, objectKey, StageFailure } from '@kiln/service-kit';
import { PUSHER_CONFIG, type PusherConfig } from '../config/pusher.config.js';
import { BlobLocations } from './blob-locations.js';
import { copyImage, type BlobCopied } from './image-copier.js';
import { outputReference } from './output-reference.js';
import { PushMetrics } from './push.metrics.js';

type Built = EventOf<'kiln.v1.stage.image.built'>;
export type Pushed = Omit<EventOf<'kiln.v1.stage.push.pushed'>, 'build'>;

const EXPLANATIONS: Record<RegistryErrorCode, string> = {
  UNAUTHORIZED: 'authentication required (check spec.output.pushSecret)',
  DENIED: 'access denied by the registry for these credentials',
  NAME_UNKNOWN: 'the repository name is not known to the registry',
  MANIFEST_INVALID: 'the registry refused the manifest as invalid',
  BLOB_UNKNOWN: 'a layer went missing during the push',
  UNREACHABLE: 'the registry is unreachable',
  DIGEST_MISMATCH: 'the image content changed in transit',
  UNKNOWN: 'the registry answered with an unexpected error',
};

/**
 * Delivers the staged image to `spec.output.to` over the distribution protocol (see
 * image-copier.ts), with the push secret's credentials for the target host. Remembers where
 * each blob landed (BlobLocations), so that a later push to the same registry mounts it from
 * there. Idempotent: a redelivered job finds every blob present and writes the same manifest.
 */
@Injectable()
export class PushService {
  private readonly farm: RegistryClient;

  constructor(
    @Inject(PUSHER_CONFIG) private readonly config: PusherConfig,
    private readonly objects: ObjectResolver,
    private readonly metrics: PushMetrics,
    private readonly locations: BlobLocations,
  ) {
    this.farm = new RegistryClient({ host: config.REGISTRY_HOST, insecure: true });
  }

  private insecure(host: string): boolean {
    return isPlainHttpRegistry(host, [
      this.config.REGISTRY_HOST,
      ...this.config.KILN_INSECURE_REGISTRIES,
    ]);
  }

  async push(job: Built, log: BuildLogWriter): Promise<Pushed> {
    const build = job.build as Build;
    const started = new Date();
    const target = outputReference(
      build.spec.output?.to,
      build.metadata.namespace ?? '',
      this.config.REGISTRY_HOST,
    );
    if (!target) {
      log.line('No output image: the build completes without a push');
      return { digest: job.image.digest, bytesUploaded: 0, bytesSkipped: 0, steps: [] };
    }
    const to = parseImageReference(target);
    const staged = parseImageReference(job.image.reference);
    if (staged.registry !== this.config.REGISTRY_HOST) {
      // A Custom-strategy builder pushes its output itself: there is nothing staged to copy.
      log.line(`Image ${target} was pushed by the custom builder as ${job.image.digest}`);
      return {
        reference: target,
        digest: job.image.digest,
        bytesUploaded: 0,
        bytesSkipped: 0,
        steps: [],
      };
    }
    const pushSecret = build.spec.output?.pushSecret?.name;
    const secret = pushSecret
      ? (
          await this.objects.resolve(
            buildRefOf(job.build),
            [{ kind: 'Secret', name: pushSecret }],
            'PushImageToRegistryFailed',
          )
        ).get(objectKey({ kind: 'Secret', name: pushSecret }))
      : undefined;
    const credentials = secret ? credentialsForRegistry(secret, to.registry) : undefined;
    if (secret && !credentials) {
      log.line(`warning: push secret "${pushSecret ?? ''}" has no credentials for ${to.registry}`);
    }
    const host = apiHost(to.registry);
    const client =
      host === this.config.REGISTRY_HOST && !credentials
        ? this.farm
        : new RegistryClient({
            host,
            ...(credentials ? { credentials } : {}),
            // Unset means plain HTTP on loopback only, HTTPS elsewhere.
            ...(this.insecure(host) ? { insecure: true } : {}),
            retry: { budgetMs: this.config.KILN_PUSH_RETRY_BUDGET_MS },
          });
    log.line(`Pushing image ${target} ...`);
    try {
      const report = await copyImage(
        { client: this.farm, repository: staged.repository },
        staged.digest ?? job.image.digest,
        { client, repository: to.repository },
        to.tag ?? 'latest',
        {
          sameRegistry: host === this.config.REGISTRY_HOST,
          mountSources: (digest) => this.locations.repositoriesOf(host, digest, to.repository),
          onBlob: (blob: BlobCopied) => {
            this.metrics.blobCopied(host, blob);
            this.locations.remember(host, blob.digest, to.repository);
            if (blob.result === 'uploaded') {
              log.line(`Uploaded ${blob.digest.slice(0, 19)} (${blob.bytesUploaded} bytes)`);
            } else if (blob.result === 'mounted' && blob.mountedFrom !== staged.repository) {
              log.line(`Mounted ${blob.digest.slice(0, 19)} from ${blob.mountedFrom ?? ''}`);
            }
          },
        },
      );
      log.line(
        `Successfully pushed ${target}@${report.digest}: ${report.bytesUploaded} bytes uploaded, ${report.bytesSkipped} bytes already there or mounted (${report.blobsMounted} mounted, ${report.blobsPresent} present, ${report.blobsUploaded} uploaded)`,
      );
      return {
        reference: target,
        digest: report.digest,
        bytesUploaded: report.bytesUploaded,
        bytesSkipped: report.bytesSkipped,
        steps: [
          {
            // OpenShift's step names: Docker builds push in PushDockerImage, the others PushImage.
            name:
              build.spec.strategy?.type === 'Docker'
                ? StepName.PushDockerImage
                : StepName.PushImage,
            startTime: started.toISOString(),
            durationMilliseconds: Date.now() - started.getTime(),
          },
        ],
      };
    } catch (error) {
      if (error instanceof RegistryError) {
        throw new StageFailure(
          'PushImageToRegistryFailed',
          `Failed to push image ${target}: ${EXPLANATIONS[error.code]}`,
        );
      }
      throw error;
    }
  }
}
