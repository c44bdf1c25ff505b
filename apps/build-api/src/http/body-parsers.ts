import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage } from 'node:http';

/** Routes whose body is a stream for their handler (an upload), never parsed. */
const STREAMED =
  /^\/apis\/build\.openshift\.io\/v1\/namespaces\/[^/]+\/buildconfigs\/[^/]+\/instantiatebinary\/?$/;

const JSON_TYPES = [
  'application/json',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
];
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

/** Whether the body belongs to the handler as a stream: `oc start-build` labels uploads JSON. */
export function isStreamedBody(request: IncomingMessage): boolean {
  return STREAMED.test((request.url ?? '').split('?')[0] ?? '');
}

const mediaType = (request: IncomingMessage): string =>
  (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

const parses =
  (types: string[]) =>
  (request: IncomingMessage): boolean =>
    !isStreamedBody(request) && types.includes(mediaType(request));

/**
 * JSON (and the patch types) up to Kubernetes' 3 MiB object limit, and YAML as text for
 * `singleObject` to parse. Upload routes are skipped whatever their Content-Type. Registering the
 * urlencoded parser here keeps Nest's default one, which would not skip them, out.
 */
export function configureBodyParsers(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: '3mb', type: parses(JSON_TYPES) });
  express.useBodyParser('text', { type: parses(YAML_TYPES), limit: '3mb' });
  express.useBodyParser('urlencoded', {
    type: parses(['application/x-www-form-urlencoded']),
    extended: false,
    limit: '3mb',
  });
}
