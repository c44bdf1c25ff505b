import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../auth/auth.guard.js';
import { TokenStore } from '../auth/token-store.js';
import { singleObject } from '../http/body.js';
import { listOf, parseLabelSelector } from '../http/list-query.js';
import { bearerPrincipal } from './bearer-principal.js';
import { NamespaceAdminGuard } from './namespace-admin.guard.js';
import { NamespacesService } from './namespaces.service.js';

@Controller('api/v1/namespaces')
export class NamespacesController {
  constructor(
    private readonly service: NamespacesService,
    private readonly tokens: TokenStore,
  ) {}

  /**
   * Any valid token may list, and sees the namespaces it has a role in. The global guard would
   * demand a cluster-wide token for a path without a namespace, so this route authenticates
   * the bearer token itself.
   */
  @Public()
  @Get()
  async list(@Req() request: Request, @Query('labelSelector') selector?: string) {
    const principal = bearerPrincipal(this.tokens, request.headers.authorization);
    const page = await this.service.list(principal, parseLabelSelector(selector));
    return listOf('NamespaceList', 'v1', page.items, page.resourceVersion);
  }

  @Post()
  @HttpCode(201)
  @UseGuards(NamespaceAdminGuard)
  create(@Body() body: unknown) {
    return this.service.create(singleObject(body));
  }

  @Get(':ns')
  get(@Param('ns') name: string) {
    return this.service.get(name);
  }

  @Delete(':ns')
  @UseGuards(NamespaceAdminGuard)
  delete(@Param('ns') name: string) {
    return this.service.delete(name);
  }
}
