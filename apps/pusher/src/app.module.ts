import type { DynamicModule } from '@nestjs/common';
import { ServiceKitModule } from '@kiln/service-kit';
import type { PusherConfig } from './config/pusher.config.js';

export class AppModule {
  static forRoot(config: PusherConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot({ name: 'pusher', natsUrl: config.NATS_URL })],
    };
  }
}
