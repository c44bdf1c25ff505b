import type { DynamicModule } from '@nestjs/common';
import { ServiceKitModule } from '@kiln/service-kit';
import { mkdirSync } from 'node:fs';
import {
  DOCKERFILE_GENERATOR_CONFIG,
  type DockerfileGeneratorConfig,
} from './config/dockerfile-generator.config.js';
import { GenerateHandler } from './generate/generate.handler.js';
import { BuildEnv } from './generate/build-env.js';
import { DockerGeneration } from './generate/docker-generation.js';
import { GenerateService } from './generate/generate.service.js';
import { ImageInspector } from './generate/image-inspector.js';
import { S2iGeneration } from './generate/s2i-generation.js';

export class AppModule {
  static forRoot(config: DockerfileGeneratorConfig): DynamicModule {
    mkdirSync(config.KILN_WORK_DIR, { recursive: true });
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ name: 'dockerfile-generator', natsUrl: config.NATS_URL }),
      ],
      providers: [
        { provide: DOCKERFILE_GENERATOR_CONFIG, useValue: config },
        BuildEnv,
        ImageInspector,
        DockerGeneration,
        S2iGeneration,
        GenerateService,
        GenerateHandler,
      ],
    };
  }
}
