import type { DynamicModule } from '@nestjs/common';
import { ServiceKitModule } from '@kiln/service-kit';
import type { DockerfileGeneratorConfig } from './config/dockerfile-generator.config.js';

export class AppModule {
  static forRoot(config: DockerfileGeneratorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot({ name: 'dockerfile-generator', natsUrl: config.NATS_URL })],
    };
  }
}
