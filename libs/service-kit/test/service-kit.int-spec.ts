import { Module, type INestApplication } from '@nestjs/common';
import { startTestNats } from '@kiln/testing';
import type { NatsServer } from '@kiln/farm';
import { EVENTS_STREAM, EventBus } from '@kiln/events';
import {
  ServiceKitModule,
  startWorker,
  workerEnv,
  ConfigError,
  listeningPort,
} from '../src/index.js';

@Module({})
class EmptyStageModule {}

describe('a worker built on the service kit', () => {
  let nats: NatsServer;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    nats = await startTestNats();
    app = await startWorker(
      'probe',
      workerEnv,
      (config) => ({
        module: EmptyStageModule,
        imports: [ServiceKitModule.forRoot({ name: 'probe', natsUrl: config.NATS_URL })],
      }),
      { NATS_URL: nats.url, HEALTH_PORT: '0', KILN_LOG_LEVEL: 'error' },
    );
    base = `http://127.0.0.1:${listeningPort(app)}`;
  });
  afterAll(async () => {
    await app.close();
    await nats.stop();
  });

  it('answers /healthz', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
  });

  it('reports NATS in /readyz and has created the streams', async () => {
    const response = await fetch(`${base}/readyz`);
    const body = (await response.json()) as { checks: Record<string, { ok: boolean }> };
    expect(response.status).toBe(200);
    expect(body.checks.nats?.ok).toBe(true);
    const bus = app.get(EventBus);
    expect((await bus.jsm.streams.info(EVENTS_STREAM.name)).config.name).toBe('KILN_EVENTS');
  });

  it('serves Prometheus metrics', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/process_resident_memory_bytes/);
  });

  it('refuses to start on a bad env, naming each key', async () => {
    await expect(
      startWorker('bad', workerEnv, () => EmptyStageModule, {
        NATS_URL: 'http://x',
        HEALTH_PORT: 'abc',
      }),
    ).rejects.toThrow(ConfigError);
    await expect(
      startWorker('bad', workerEnv, () => EmptyStageModule, {
        NATS_URL: 'http://x',
        HEALTH_PORT: 'abc',
      }),
    ).rejects.toThrow(/NATS_URL[\s\S]*HEALTH_PORT/);
  });
});
