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
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { singleObject } from '../http/body.js';
import { CollectionResponder } from '../http/collection.responder.js';
import { parseDeleteOptions } from '../http/delete-options.js';
import { METADATA_FIELDS, parseListQuery } from '../http/list-query.js';
import { BinaryBuildService } from './binary-build.service.js';
import { BuildConfigsService } from './buildconfigs.service.js';

const API = 'build.openshift.io/v1';

type Query = Record<string, unknown>;

@Controller('apis/build.openshift.io/v1/namespaces/:ns/buildconfigs')
export class BuildConfigsController {
  constructor(
    private readonly service: BuildConfigsService,
    private readonly binary: BinaryBuildService,
    private readonly collections: CollectionResponder,
  ) {}

  /** A list (selectors, limit/continue) or, with `watch=true`, a stream of changes. */
  @Get()
  list(@Param('ns') ns: string, @Query() query: Query, @Res() response: Response) {
    return this.collections.respond(
      response,
      {
        kind: 'BuildConfig',
        apiVersion: API,
        namespace: ns,
        scan: (s) => this.service.scan(ns, s),
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
  async delete(
    @Param('ns') ns: string,
    @Param('name') name: string,
    @Query() query: Query,
    @Body() body: unknown,
  ) {
    await this.service.delete(ns, name, parseDeleteOptions(query, body));
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name, group: 'build.openshift.io', kind: 'buildconfigs' },
    };
  }

  @Post(':name/instantiate')
  @HttpCode(201)
  instantiate(@Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown) {
    return this.service.instantiate(
      ns,
      name,
      body === undefined || body === '' ? {} : singleObject(body),
    );
  }

  /** The body is the upload itself (see isStreamedBody): it is never parsed. */
  @Post(':name/instantiatebinary')
  @HttpCode(201)
  instantiateBinary(
    @Param('ns') ns: string,
    @Param('name') name: string,
    @Query() query: Query,
    @Req() request: Request,
  ) {
    return this.binary.instantiate(ns, name, query, request);
  }
}
