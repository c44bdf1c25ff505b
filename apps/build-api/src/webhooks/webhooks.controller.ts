import { All, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.guard.js';
import { rawBody } from './webhook-body.parser.js';
import { WebhooksService } from './webhooks.service.js';

/** `Warning: 299 - "…"`, as the Kubernetes API server sends warnings; ASCII only. */
const warningHeader = (text: string): string =>
  `299 - "${text.replace(/[^\x20-\x7e]/g, '?').replace(/["\\]/g, '\\$&')}"`;

/** Webhooks authenticate by the secret in their URL, not by a bearer token. */
@Public()
@Controller('apis/build.openshift.io/v1/namespaces/:ns/buildconfigs/:name/webhooks')
export class WebhooksController {
  constructor(private readonly service: WebhooksService) {}

  @Post(':secret/:type')
  @HttpCode(200)
  async receive(
    @Param('ns') namespace: string,
    @Param('name') name: string,
    @Param('secret') secret: string,
    @Param('type') type: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.service.receive({
      namespace,
      name,
      secret,
      type,
      headers: request.headers,
      body: rawBody(request.body),
    });
    if ('status' in result) {
      return result.status;
    }
    if (result.warning) {
      response.setHeader('Warning', warningHeader(result.warning));
    }
    return result.build;
  }

  /** Anything else under `…/webhooks`: 405 for another method, 400 for another path shape. */
  @All('{*rest}')
  other(@Req() request: Request, @Res() response: Response): void {
    const post = request.method === 'POST';
    response.status(post ? 400 : 405).json({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: post ? 'BadRequest' : 'MethodNotAllowed',
      code: post ? 400 : 405,
      message: post
        ? 'unexpected path: expected …/webhooks/<secret>/<type>'
        : `${request.method} is not supported by webhooks; use POST`,
    });
  }
}
