import { runMain, startWorker } from '@kiln/service-kit';
import { AppModule } from './app.module.js';
import { pusherEnv } from './config/pusher.config.js';

runMain(() => startWorker('pusher', pusherEnv, (config) => AppModule.forRoot(config)));
