import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { RegistryClient } from '@kiln/artifact-store';
import { PeriodicTask } from '@kiln/service-kit';
import type { SourceFetcherConfig } from '../config/source-fetcher.config.js';
import { SOURCE_FETCHER_CONFIG } from '../config/tokens.js';
import { sweepExpired, type SweepResult } from './retention-sweep.js';
import { RegistryCatalogClient } from './registry-catalog.client.js';

/**
 * Keeps the farm registry from growing without bound: every KILN_RETENTION_SWEEP_SECONDS,
 * deletes the bundles, pending uploads and staging images older than
 * KILN_BUNDLE_RETENTION_HOURS (longer than any build waits and runs, so only those of finished
 * builds go). Their blobs are freed by the registry's garbage-collect (docs/architecture.md).
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RetentionService.name);
  private readonly client: RegistryClient;
  private readonly catalog: RegistryCatalogClient;
  private readonly task: PeriodicTask;

  constructor(@Inject(SOURCE_FETCHER_CONFIG) private readonly config: SourceFetcherConfig) {
    this.client = new RegistryClient({ host: config.REGISTRY_HOST, insecure: true });
    this.catalog = new RegistryCatalogClient(config.REGISTRY_HOST);
    // One sweep at a time: a slow registry never has two sweeps of this instance deleting at once.
    this.task = new PeriodicTask({
      everyMs: config.KILN_RETENTION_SWEEP_SECONDS * 1000,
      run: () => this.sweep(),
      onError: (error) => this.logger.warn(`retention sweep failed: ${error.message}`),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.KILN_RETENTION_SWEEP_SECONDS > 0) {
      this.task.start();
    }
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One sweep, now. */
  async sweep(now: Date = new Date()): Promise<SweepResult> {
    const cutoff = new Date(now.getTime() - this.config.KILN_BUNDLE_RETENTION_HOURS * 3600_000);
    const result = await sweepExpired(this.client, await this.catalog.repositories(), cutoff);
    if (result.deleted.length > 0) {
      this.logger.log(
        `deleted ${result.deleted.length} bundles and staging images older than ${cutoff.toISOString()}`,
      );
    }
    return result;
  }
}
