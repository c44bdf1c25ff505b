import type { DynamicModule } from '@nestjs/common';
import { ServiceKitModule } from '@kiln/service-kit';
import { mkdirSync } from 'node:fs';
import type { SourceFetcherConfig } from './config/source-fetcher.config.js';
import { SOURCE_FETCHER_CONFIG } from './config/tokens.js';
import { FetchHandler } from './fetch/fetch.handler.js';
import { FetchService } from './fetch/fetch.service.js';
import { RetentionService } from './retention/retention.service.js';

export class AppModule {
  static forRoot(config: SourceFetcherConfig): DynamicModule {
    mkdirSync(config.KILN_WORK_DIR, { recursive: true, mode: 0o700 });
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot({ name: 'source-fetcher', natsUrl: config.NATS_URL })],
      providers: [
        { provide: SOURCE_FETCHER_CONFIG, useValue: config },
        FetchService,
        FetchHandler,
        RetentionService,
      ],
    };
  }
}
