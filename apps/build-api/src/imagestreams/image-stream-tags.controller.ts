import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { singleObject } from '../http/body.js';
import { listOf } from '../http/list-query.js';
import { IMAGE_API_VERSION } from './image-stream.schema.js';
import { ImageStreamImportsService } from './image-stream-imports.service.js';
import { ImageStreamTagsService } from './image-stream-tags.service.js';
import { IMAGE_BASE } from './image-streams.controller.js';

/** ImageStreamTags (`stream:tag`): read, list, set (`oc tag`) and delete. */
@Controller(`${IMAGE_BASE}/imagestreamtags`)
export class ImageStreamTagsController {
  constructor(private readonly service: ImageStreamTagsService) {}

  @Get()
  async list(@Param('ns') ns: string) {
    return listOf('ImageStreamTagList', IMAGE_API_VERSION, await this.service.list(ns), '0');
  }

  @Get(':name')
  get(@Param('ns') ns: string, @Param('name') name: string) {
    return this.service.get(ns, name);
  }

  @Post()
  @HttpCode(201)
  create(@Param('ns') ns: string, @Body() body: unknown) {
    const object = singleObject(body);
    const name = (object.metadata as { name?: unknown } | undefined)?.name;
    return this.service.set(ns, typeof name === 'string' ? name : '', object, true);
  }

  @Put(':name')
  replace(@Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown) {
    return this.service.set(ns, name, singleObject(body), false);
  }

  @Delete(':name')
  delete(@Param('ns') ns: string, @Param('name') name: string) {
    return this.service.delete(ns, name);
  }
}

/** ImageStreamImport: import external images into a stream now (`oc import-image`). */
@Controller(`${IMAGE_BASE}/imagestreamimports`)
export class ImageStreamImportsController {
  constructor(private readonly service: ImageStreamImportsService) {}

  @Post()
  @HttpCode(201)
  import(@Param('ns') ns: string, @Body() body: unknown) {
    return this.service.import(ns, singleObject(body));
  }
}
