import { bootstrapService, loadConfig, runMain } from '@kiln/service-kit';
import { AppModule } from './app.module.js';
import { configureBodyParsers } from './http/body-parsers.js';
import { buildApiEnv } from './config/build-api.config.js';

runMain(async () => {
  const config = loadConfig(buildApiEnv);
  return bootstrapService(AppModule.forRoot(config), {
    name: 'build-api',
    host: config.KILN_HOST,
    port: config.API_PORT,
    logLevel: config.KILN_LOG_LEVEL,
    configure: configureBodyParsers,
  });
});
