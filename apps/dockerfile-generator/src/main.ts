import { runMain, startWorker } from '@kiln/service-kit';
import { AppModule } from './app.module.js';
import { dockerfileGeneratorEnv } from './config/dockerfile-generator.config.js';

runMain(() =>
  startWorker('dockerfile-generator', dockerfileGeneratorEnv, (config) =>
    AppModule.forRoot(config),
  ),
);
