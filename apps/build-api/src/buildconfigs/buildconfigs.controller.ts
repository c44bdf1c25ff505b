import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { singleObject } from '../http/body.js';
import { listOf, parseLabelSelector, parseLimit } from '../http/list-query.js';
import { BuildConfigsService } from './buildconfigs.service.js';

const API = 'build.openshift.io/v1';

@Controller('apis/build.openshift.io/v1/namespaces/:ns/buildconfigs')
export class BuildConfigsController {
  constructor(private readonly service: BuildConfigsService) {}

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
    return listOf(
      'BuildConfigList',
      API,
      page.items.map((o) => ({ apiVersion: API, kind: 'BuildConfig', ...o })),
      page.resourceVersion,
      page.continue,
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

  @Delete(':name')
  async delete(
    @Param('ns') ns: string,
    @Param('name') name: string,
    @Query('propagationPolicy') policy?: string,
  ) {
    await this.service.delete(ns, name, policy === 'Orphan');
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
}
