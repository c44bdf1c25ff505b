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
import { IMAGE_API_VERSION, IMAGE_GROUP } from './image-stream.schema.js';
import { ImageStreamsService } from './image-streams.service.js';

type Query = Record<string, unknown>;

export const IMAGE_BASE = 'apis/image.openshift.io/v1/namespaces/:ns';

const deleted = (name: string, kind: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Success',
  details: { name, group: IMAGE_GROUP, kind },
});

/** ImageStreams, with the same conventions as the build API: lists, watch, PATCH, Status errors. */
@Controller(`${IMAGE_BASE}/imagestreams`)
export class ImageStreamsController {
  constructor(
    private readonly service: ImageStreamsService,
    private readonly collections: CollectionResponder,
  ) {}

  @Get()
  list(@Param('ns') ns: string, @Query() query: Query, @Res() response: Response) {
    return this.collections.respond(
      response,
      {
        kind: 'ImageStream',
        apiVersion: IMAGE_API_VERSION,
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
    return deleted(name, 'imagestreams');
  }
}
