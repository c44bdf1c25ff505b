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
} from '@nestjs/common';
import { singleObject } from '../http/body.js';
import { listOf, parseLabelSelector, parseLimit } from '../http/list-query.js';
import { ConfigMapsService } from './configmaps.service.js';

@Controller('api/v1/namespaces/:ns/configmaps')
export class ConfigMapsController {
  constructor(private readonly service: ConfigMapsService) {}

  @Get()
  async list(
    @Param('ns') ns: string,
    @Query('labelSelector') selector?: string,
    @Query('limit') limit?: string,
    @Query('continue') after?: string,
  ) {
    const page = await this.service.list(ns, {
      labels: parseLabelSelector(selector),
      limit: parseLimit(limit),
      after,
    });
    return listOf('ConfigMapList', 'v1', page.items, page.resourceVersion, page.continue);
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
