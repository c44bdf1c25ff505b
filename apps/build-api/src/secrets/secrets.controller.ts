import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { singleObject } from '../http/body.js';
import { CollectionResponder } from '../http/collection.responder.js';
import { METADATA_FIELDS, parseListQuery } from '../http/list-query.js';
import { SecretReadGuard } from './secret-read.guard.js';
import { SecretsService } from './secrets.service.js';

@UseGuards(SecretReadGuard)
@Controller('api/v1/namespaces/:ns/secrets')
export class SecretsController {
  constructor(
    private readonly service: SecretsService,
    private readonly collections: CollectionResponder,
  ) {}

  /** A list (selectors, limit/continue) or, with `watch=true`, a stream of changes. */
  @Get()
  list(
    @Param('ns') ns: string,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
  ) {
    return this.collections.respond(
      response,
      {
        kind: 'Secret',
        apiVersion: 'v1',
        namespace: ns,
        scan: (s) => this.service.scan(ns, s),
        // Changes are read from history without the data: each is completed as a GET would.
        hydrate: (object) => this.service.hydrate(object),
      },
      parseListQuery(query, { fields: METADATA_FIELDS }),
    );
  }

  @Post()
  @HttpCode(201)
  create(@Param('ns') ns: string, @Body() body: unknown) {
    return this.service.create(ns, singleObject(body));
  }

  @Get(':name')
  get(@Param('ns') ns: string, @Param('name') name: string) {
    return this.service.get(ns, name);
  }

  @Put(':name')
  replace(@Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown) {
    return this.service.replace(ns, name, singleObject(body));
  }

  @Patch(':name')
  patch(
    @Param('ns') ns: string,
    @Param('name') name: string,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ) {
    return this.service.patch(ns, name, contentType, body);
  }

  @Delete(':name')
  delete(@Param('ns') ns: string, @Param('name') name: string) {
    return this.service.delete(ns, name);
  }
}
