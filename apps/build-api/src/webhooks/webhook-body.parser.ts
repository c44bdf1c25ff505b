import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express from 'express';

/** Payloads of busy repositories (a push of many commits) can be large; refuse beyond this. */
export const WEBHOOK_BODY_LIMIT = '10mb';

const WEBHOOK_PATH = '/apis/build.openshift.io/v1/namespaces/:ns/buildconfigs/:name/webhooks';

/**
 * Webhook bodies reach the parsers as raw bytes, whatever their type: generic payloads that do
 * not parse must still start a build, and the limit differs from the API's. Registered when the
 * provider is created, which is before `configureBodyParsers` installs the shared JSON and YAML
 * parsers (those skip a body already read), so this parser runs first on webhook paths.
 */
@Injectable()
export class WebhookBodyParser {
  constructor(adapterHost: HttpAdapterHost) {
    const app = adapterHost.httpAdapter.getInstance<express.Express>();
    app.use(WEBHOOK_PATH, express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }));
  }
}

/** The raw body the parser left, or an empty one when the request had none. */
export function rawBody(body: unknown): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}
