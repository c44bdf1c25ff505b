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
} from '@nestjs/common';
import type { Response } from 'express';
import { singleObject } from '../http/body.js';
import { CollectionResponder } from '../http/collection.responder.js';
import { parseDeleteOptions } from '../http/delete-options.js';
import { METADATA_FIELDS, parseListQuery } from '../http/list-query.js';
import { ServerShutdown, streamSignal, writeChunk } from '../http/response-stream.js';
import { BuildLogReader } from '../logs/build-log.reader.js';
import { parseLogOptions } from '../logs/log-options.js';
import { BuildsService } from './builds.service.js';

const API = 'build.openshift.io/v1';

/** Build field selectors: `status` is OpenShift's old name for `status.phase`. */
const BUILD_FIELDS = {
  fields: [...METADATA_FIELDS, 'status.phase'],
  aliases: { status: 'status.phase' },
};

type Query = Record<string, unknown>;

@Controller('apis/build.openshift.io/v1/namespaces/:ns/builds')
export class BuildsController {
  constructor(
    private readonly service: BuildsService,
    private readonly logs: BuildLogReader,
    private readonly collections: CollectionResponder,
    private readonly shutdown: ServerShutdown,
  ) {}

  /** A list (selectors, limit/continue) or, with `watch=true`, a stream of changes. */
  @Get()
  list(@Param('ns') ns: string, @Query() query: Query, @Res() response: Response) {
    return this.collections.respond(
      response,
      {
        kind: 'Build',
        apiVersion: API,
        namespace: ns,
        scan: (s) => this.service.scan(ns, s),
        scanJson: (s) => this.service.scanJson(ns, s),
      },
      parseListQuery(query, BUILD_FIELDS),
    );
  }

  @Get(':name')
  get(@Param('ns') ns: string, @Param('name') name: string) {
    return this.service.get(ns, name);
  }

  /** OpenShift cancels a build by updating it with `status.cancelled: true`. */
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
      details: { name, group: 'build.openshift.io', kind: 'builds' },
    };
  }

  @Post(':name/clone')
  @HttpCode(201)
  clone(@Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown) {
    return this.service.clone(
      ns,
      name,
      body === undefined || body === '' ? {} : singleObject(body),
    );
  }

  @Get(':name/dockerfile')
  async dockerfile(
    @Param('ns') ns: string,
    @Param('name') name: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const dockerfile = await this.service.dockerfile(ns, name);
    response.type('text/plain');
    return dockerfile;
  }

  @Get(':name/log')
  async log(
    @Param('ns') ns: string,
    @Param('name') name: string,
    @Query() query: Query,
    @Res() response: Response,
  ) {
    const options = parseLogOptions(name, query);
    const build = await this.service.get(ns, name);
    const shown = options.previous ? await this.service.previous(build) : build;
    response.status(200).type('text/plain');
    response.flushHeaders();
    const signal = streamSignal(response, this.shutdown);
    const write = (chunk: Buffer) => writeChunk(response, chunk, signal);
    await this.logs.stream(ns, shown.metadata.name ?? name, options, write, signal);
    response.end();
  }
}
