import { Controller, Get, Header, HttpCode, Res, SetMetadata } from '@nestjs/common';
import type { Response } from 'express';
import { MetricsRegistry } from './metrics.js';
import { Readiness } from './readiness.js';

/** Routes marked with this metadata skip a service's authentication (probes, webhooks). */
export const PUBLIC_ROUTE = 'kiln:public';

/** Liveness, readiness and Prometheus metrics, the same on every service; probes carry no token. */
@SetMetadata(PUBLIC_ROUTE, true)
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: Readiness,
    private readonly metrics: MetricsRegistry,
  ) {}

  @Get('healthz')
  @HttpCode(200)
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res() response: Response): Promise<void> {
    const result = await this.readiness.evaluate();
    response
      .status(result.ok ? 200 : 503)
      .json({ status: result.ok ? 'ready' : 'not ready', ...result });
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async metricsText(@Res() response: Response): Promise<void> {
    response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
