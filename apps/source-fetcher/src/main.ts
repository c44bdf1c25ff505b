import { runMain, startWorker } from '@kiln/service-kit';
import { AppModule } from './app.module.js';
import { sourceFetcherEnv } from './config/source-fetcher.config.js';

runMain(() =>
  startWorker('source-fetcher', sourceFetcherEnv, (config) => AppModule.forRoot(config)),
);
