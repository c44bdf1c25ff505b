import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { RegistryClient } from '@kiln/artifact-store';
import type { SourceFetcherConfig } from '../config/source-fetcher.config.js';
import { SOURCE_FETCHER_CONFIG } from '../config/tokens.js';
import { sweepBundles, type SweepResult } from './bundle-sweeper.js';
import { RegistryCatalogClient } from './registry-catalog.client.js';

/**
 * Keeps the bundle store from growing without bound: every KILN_RETENTION_SWEEP_SECONDS, deletes
 * bundles older than KILN_BUNDLE_RETENTION_HOURS (longer than any build runs, so only bundles of
 * finished builds go).
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RetentionService.name);
  private readonly client: RegistryClient;
  private readonly catalog: RegistryCatalogClient;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(@Inject(SOURCE_FETCHER_CONFIG) private readonly config: SourceFetcherConfig) {
    this.client = new RegistryClient({ host: config.REGISTRY_HOST, insecure: true });
    this.catalog = new RegistryCatalogClient(config.REGISTRY_HOST);
  }

  onApplicationBootstrap(): void {
    const seconds = this.config.KILN_RETENTION_SWEEP_SECONDS;
    if (seconds > 0) {
      this.timer = setInterval(() => {
        this.running = this.sweep().catch((error: Error) =>
          this.logger.warn(`bundle retention sweep failed: ${error.message}`),
        );
      }, seconds * 1000);
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep, now. */
  async sweep(now: Date = new Date()): Promise<SweepResult> {
    const cutoff = new Date(now.getTime() - this.config.KILN_BUNDLE_RETENTION_HOURS * 3600_000);
    const result = await sweepBundles(this.client, await this.catalog.repositories(), cutoff);
    if (result.deleted.length > 0) {
      this.logger.log(
        `deleted ${result.deleted.length} bundles older than ${cutoff.toISOString()}`,
      );
    }
    return result;
  }
}
