import type { DynamicModule } from '@nestjs/common';
import { ServiceKitModule } from '@kiln/service-kit';
import type { BuilderConfig } from './config/builder.config.js';

export class AppModule {
  static forRoot(config: BuilderConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot({ name: 'builder', natsUrl: config.NATS_URL })],
    };
  }
}
