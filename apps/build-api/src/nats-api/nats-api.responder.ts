import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  RpcBus,
  RpcSubjects,
  type RpcReplyOf,
  type RpcRequestOf,
  type RpcSubject,
} from '@kiln/events';
import { TokenStore } from '../auth/token-store.js';
import { BuildConfigsService } from '../buildconfigs/buildconfigs.service.js';
import { BuildsService } from '../builds/builds.service.js';
import { listOf, parseLabelSelector } from '../http/list-query.js';
import { asRpc, authorize } from './nats-api.errors.js';

type Call<S extends RpcSubject> = RpcRequestOf<S>;
type Reply<S extends RpcSubject> = Promise<RpcReplyOf<S>>;
const { ApiInstantiate, ApiGetBuild, ApiCancelBuild, ApiListBuilds } = RpcSubjects;

/**
 * The NATS face of the REST API for platforms: request/reply on `kiln.v1.api.*`, calling the
 * services the REST controllers call, with the same tokens, roles, semantics and errors (a
 * Status's code, reason, message and causes). Every replica answers in one queue group.
 */
@Injectable()
export class NatsApiResponder implements OnApplicationBootstrap {
  private readonly logger = new Logger(NatsApiResponder.name);

  constructor(
    @Inject(RpcBus) private readonly rpc: RpcBus,
    private readonly tokens: TokenStore,
    private readonly buildConfigs: BuildConfigsService,
    private readonly builds: BuildsService,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.respond(ApiInstantiate, (r) => asRpc(() => this.instantiate(r)), this.logger);
    this.rpc.respond(ApiGetBuild, (r) => asRpc(() => this.get(r)), this.logger);
    this.rpc.respond(ApiCancelBuild, (r) => asRpc(() => this.cancel(r)), this.logger);
    this.rpc.respond(ApiListBuilds, (r) => asRpc(() => this.list(r)), this.logger);
  }

  async instantiate(r: Call<typeof ApiInstantiate>): Reply<typeof ApiInstantiate> {
    authorize(this.tokens, r, 'edit', 'post');
    return this.buildConfigs.instantiate(r.namespace, r.name, r.request ?? {});
  }

  async get(r: Call<typeof ApiGetBuild>): Reply<typeof ApiGetBuild> {
    authorize(this.tokens, r, 'view', 'get');
    return this.builds.get(r.namespace, r.name);
  }

  async cancel(r: Call<typeof ApiCancelBuild>): Reply<typeof ApiCancelBuild> {
    authorize(this.tokens, r, 'edit', 'put');
    return this.builds.cancel(r.namespace, r.name);
  }

  async list(r: Call<typeof ApiListBuilds>): Reply<typeof ApiListBuilds> {
    authorize(this.tokens, r, 'view', 'get');
    const items = await this.builds.list(r.namespace, {
      buildConfig: r.buildConfig,
      labels: parseLabelSelector(r.labelSelector),
      phases: r.phases,
      limit: r.limit === undefined ? undefined : r.limit + 1,
      after: r.continue,
    });
    const page = r.limit === undefined ? items : items.slice(0, r.limit);
    const next =
      r.limit !== undefined && items.length > r.limit
        ? (page[page.length - 1]?.metadata.name ?? undefined)
        : undefined;
    return {
      ...listOf('BuildList', 'build.openshift.io/v1', page, '', next),
      kind: 'BuildList',
      apiVersion: 'build.openshift.io/v1',
      items: page,
    };
  }
}
