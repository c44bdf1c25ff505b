import type { DynamicModule } from '@nestjs/common';
import { ServiceKitModule } from '@kiln/service-kit';
import type { BuildApiConfig } from './config/build-api.config.js';
import { DatabaseModule } from './database/database.module.js';

export class AppModule {
  static forRoot(config: BuildApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot({ name: 'build-api', natsUrl: config.NATS_URL }), DatabaseModule.forRoot(config.DATABASE_URL)],
    };
  }
}
