import 'reflect-metadata';
import { ConsoleLogger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from './config.js';

const LEVELS: Record<string, LogLevel[]> = {
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  log: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
};

export type BootstrapOptions = {
  name: string;
  host: string;
  port: number;
  logLevel?: string;
  configure?: (app: INestApplication) => void;
};

/** JSON logs, one object per line, so that a log shipper needs no parsing rules. */
export function jsonLogger(name: string, level = 'log'): ConsoleLogger {
  return new ConsoleLogger(name, { json: true, logLevels: LEVELS[level] ?? LEVELS.log });
}

/** Creates and starts a service's HTTP side (API or health/metrics) with graceful shutdown. */
export async function bootstrapService(
  module: unknown,
  options: BootstrapOptions,
): Promise<INestApplication> {
  const logger = jsonLogger(options.name, options.logLevel);
  const app = await NestFactory.create(module as never, { logger, bufferLogs: false });
  app.enableShutdownHooks();
  options.configure?.(app);
  await app.listen(options.port, options.host);
  logger.log(`${options.name} listening on http://${options.host}:${listeningPort(app)}`);
  return app;
}

/** The port the app's HTTP server is bound to (useful when it was asked for port 0). */
export function listeningPort(app: INestApplication): number {
  const server = app.getHttpServer() as { address(): { port: number } | string | null };
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** Runs main, turning a configuration error into one clear message and exit code 78 (EX_CONFIG). */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
