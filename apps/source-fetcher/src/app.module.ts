import type { DynamicModule } from '@nestjs/common';
import { ServiceKitModule } from '@kiln/service-kit';
import type { SourceFetcherConfig } from './config/source-fetcher.config.js';

export class AppModule {
  static forRoot(config: SourceFetcherConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot({ name: 'source-fetcher', natsUrl: config.NATS_URL })],
    };
  }
}
