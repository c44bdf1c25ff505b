import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express from 'express';

export const NOTIFICATIONS_PATH = '/internal/registry/notifications';

/**
 * docker-registry sends `application/vnd.docker.distribution.events.v1+json`, which the shared
 * JSON parser does not take: the body reaches the handler raw, as webhook bodies do (see
 * WebhookBodyParser for why registering here runs first).
 */
@Injectable()
export class RegistryNotificationsBodyParser {
  constructor(adapterHost: HttpAdapterHost) {
    const app = adapterHost.httpAdapter.getInstance<express.Express>();
    app.use(NOTIFICATIONS_PATH, express.raw({ type: () => true, limit: '5mb' }));
  }
}
