import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** JSON up to Kubernetes' 3 MiB object limit, and YAML as text for `singleObject` to parse. */
export function configureBodyParsers(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: '3mb' });
  express.useBodyParser('text', {
    type: ['application/yaml', 'application/x-yaml', 'text/yaml'],
    limit: '3mb',
  });
}
