import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { Public } from '../auth/auth.guard.js';
import { rawBody } from '../webhooks/webhook-body.parser.js';
import { RegistryNotificationsService } from './registry-notifications.service.js';

/**
 * Where the farm registry reports pushes (docker-registry `notifications.endpoints[].url`).
 * Not under a namespace, and authenticated by the shared token the registry sends in its
 * Authorization header, not by a user's bearer token.
 */
@Public()
@Controller('internal/registry')
export class RegistryNotificationsController {
  constructor(private readonly service: RegistryNotificationsService) {}

  @Post('notifications')
  @HttpCode(200)
  async receive(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ) {
    const recorded = await this.service.receive(authorization, rawBody(body));
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      message: `${recorded} tag(s) updated`,
    };
  }
}
