import type { DynamicModule } from '@nestjs/common';
import { ServiceKitModule } from '@kiln/service-kit';
import { mkdirSync } from 'node:fs';
import { PUSHER_CONFIG, type PusherConfig } from './config/pusher.config.js';
import { BlobLocations } from './push/blob-locations.js';
import { PushHandler } from './push/push.handler.js';
import { PushMetrics } from './push/push.metrics.js';
import { PushService } from './push/push.service.js';

export class AppModule {
  static forRoot(config: PusherConfig): DynamicModule {
    mkdirSync(config.KILN_WORK_DIR, { recursive: true });
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot({ name: 'pusher', natsUrl: config.NATS_URL })],
      providers: [
        { provide: PUSHER_CONFIG, useValue: config },
        PushService,
        PushMetrics,
        // One memory for the process: what one push learns about a registry, the next one uses.
        { provide: BlobLocations, useValue: new BlobLocations() },
        PushHandler,
      ],
    };
  }
}
