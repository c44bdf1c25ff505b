import { runMain, startWorker } from '@kiln/service-kit';
import { AppModule } from './app.module.js';
import { builderEnv } from './config/builder.config.js';

runMain(() => startWorker('builder', builderEnv, (config) => AppModule.forRoot(config)));
