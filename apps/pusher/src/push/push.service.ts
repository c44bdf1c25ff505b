import { Inject, Injectable } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Build } from '@kiln/build-types';
import type { BuildLogWriter, EventOf } from '@kiln/events';
import { StageFailure } from '@kiln/service-kit';
import { PUSHER_CONFIG, type PusherConfig } from '../config/pusher.config.js';
import { outputReference } from './output-reference.js';

const run = promisify(execFile);
type Built = EventOf<'kiln.v1.stage.image.built'>;
export type Pushed = Omit<EventOf<'kiln.v1.stage.push.pushed'>, 'build'>;

/**
 * Copies the staged image to its output with skopeo (blobs the target already has are skipped;
 * within the farm registry they are mounted). The pushed digest is the manifest's, unchanged.
 */
@Injectable()
export class PushService {
  constructor(@Inject(PUSHER_CONFIG) private readonly config: PusherConfig) {}

  private insecure(host: string): boolean {
    return (
      host === this.config.REGISTRY_HOST ||
      host.startsWith('127.') ||
      host.startsWith('localhost') ||
      this.config.KILN_INSECURE_REGISTRIES.split(',').includes(host)
    );
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
    const work = mkdtempSync(join(this.config.KILN_WORK_DIR, 'push-'));
    try {
      const digestFile = join(work, 'digest');
      const targetHost = target.split('/')[0] ?? '';
      log.line(`Pushing image ${target} ...`);
      try {
        await run(
          'skopeo',
          [
            'copy',
            '--retry-times',
            '3',
            '--src-tls-verify=false',
            `--dest-tls-verify=${String(!this.insecure(targetHost))}`,
            '--digestfile',
            digestFile,
            `docker://${job.image.reference}`,
            `docker://${target}`,
          ],
          { timeout: 30 * 60_000 },
        );
      } catch (error) {
        const stderr = (error as { stderr?: string }).stderr ?? '';
        throw new StageFailure('PushImageToRegistryFailed', explainPushFailure(stderr, target));
      }
      const digest = readFileSync(digestFile, 'utf8').trim();
      log.line(`Successfully pushed ${target}@${digest}`);
      return {
        reference: target,
        digest,
        bytesUploaded: 0,
        bytesSkipped: 0,
        steps: [
          {
            name: 'PushImage',
            startTime: started.toISOString(),
            durationMilliseconds: Date.now() - started.getTime(),
          },
        ],
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}

function explainPushFailure(stderr: string, target: string): string {
  if (/unauthorized|authentication required/i.test(stderr)) {
    return `Failed to push image ${target}: authentication required (check spec.output.pushSecret)`;
  }
  if (/denied/i.test(stderr)) {
    return `Failed to push image ${target}: access denied`;
  }
  if (/connection refused|no such host|i\/o timeout/i.test(stderr)) {
    return `Failed to push image ${target}: the registry is unreachable`;
  }
  return `Failed to push image ${target}`;
}
