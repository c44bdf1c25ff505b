import type { DynamicModule } from '@nestjs/common';
import { ServiceKitModule } from '@kiln/service-kit';
import { mkdirSync } from 'node:fs';
import { BuildHandler } from './build/build.handler.js';
import { BuildService } from './build/build.service.js';
import { BuildahRunner } from './build/buildah.runner.js';
import { BuilderMetrics } from './build/builder.metrics.js';
import { CustomBuild } from './build/custom-build.js';
import { BaseImages } from './storage/base-images.js';
import { BuilderStorage } from './storage/builder-storage.js';
import { BUILDER_CONFIG, type BuilderConfig } from './config/builder.config.js';

export class AppModule {
  static forRoot(config: BuilderConfig): DynamicModule {
    mkdirSync(config.KILN_WORK_DIR, { recursive: true });
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot({ name: 'builder', natsUrl: config.NATS_URL })],
      providers: [
        { provide: BUILDER_CONFIG, useValue: config },
        BuildahRunner,
        BuilderMetrics,
        BuilderStorage,
        BaseImages,
        CustomBuild,
        BuildService,
        BuildHandler,
      ],
    };
  }
}
