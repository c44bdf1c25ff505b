import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { BuildConfig } from '@kiln/build-types';
import {
  EventBus,
  RpcBus,
  RpcSubjects,
  type RpcReplyOf,
  type RpcRequestOf,
  type RpcSubject,
} from '@kiln/events';
import { TokenStore } from '../auth/token-store.js';
import { BuildConfigsService } from '../buildconfigs/buildconfigs.service.js';
import { BuildsService } from '../builds/builds.service.js';
import { CollectionResponder } from '../http/collection.responder.js';
import { parseDeleteOptions } from '../http/delete-options.js';
import { listOf, METADATA_FIELDS, parseLabelSelector, parseListQuery } from '../http/list-query.js';
import { BuildLogReader } from '../logs/build-log.reader.js';
import { parseLogOptions } from '../logs/log-options.js';
import { asRpc, authorize } from './nats-api.errors.js';
import { asLogQuery, logText } from './log-text.js';
import { DEFAULT_MAX_PAYLOAD, fitting } from './reply-size.js';

type Call<S extends RpcSubject> = RpcRequestOf<S>;
type Reply<S extends RpcSubject> = Promise<RpcReplyOf<S>>;
const {
  ApiInstantiate,
  ApiGetBuild,
  ApiCancelBuild,
  ApiListBuilds,
  ApiCloneBuild,
  ApiGetBuildLog,
  ApiCreateBuildConfig,
  ApiGetBuildConfig,
  ApiReplaceBuildConfig,
  ApiDeleteBuildConfig,
  ApiListBuildConfigs,
} = RpcSubjects;
const API_VERSION = 'build.openshift.io/v1';

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
    @Inject(EventBus) private readonly bus: EventBus,
    private readonly tokens: TokenStore,
    private readonly buildConfigs: BuildConfigsService,
    private readonly builds: BuildsService,
    private readonly collections: CollectionResponder,
    private readonly logs: BuildLogReader,
  ) {}

  onApplicationBootstrap(): void {
    this.answer(ApiInstantiate, (r) => this.instantiate(r));
    this.answer(ApiGetBuild, (r) => this.get(r));
    this.answer(ApiCancelBuild, (r) => this.cancel(r));
    this.answer(ApiListBuilds, (r) => this.list(r));
    this.answer(ApiCloneBuild, (r) => this.clone(r));
    this.answer(ApiGetBuildLog, (r) => this.log(r));
    this.answer(ApiCreateBuildConfig, (r) => this.createBuildConfig(r));
    this.answer(ApiGetBuildConfig, (r) => this.getBuildConfig(r));
    this.answer(ApiReplaceBuildConfig, (r) => this.replaceBuildConfig(r));
    this.answer(ApiDeleteBuildConfig, (r) => this.deleteBuildConfig(r));
    this.answer(ApiListBuildConfigs, (r) => this.listBuildConfigs(r));
  }

  /** Errors answered as REST's Status; a reply too large for one message, refused as such. */
  private answer<S extends RpcSubject>(subject: S, call: (request: Call<S>) => Reply<S>): void {
    this.rpc.respond(
      subject,
      (request) => asRpc(async () => fitting(await call(request), this.maxPayload())),
      this.logger,
    );
  }

  private maxPayload(): number {
    return this.bus.connection.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
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
      ...listOf('BuildList', API_VERSION, page, '', next),
      kind: 'BuildList',
      apiVersion: API_VERSION,
      items: page,
    };
  }

  async clone(r: Call<typeof ApiCloneBuild>): Reply<typeof ApiCloneBuild> {
    authorize(this.tokens, r, 'edit', 'post');
    return this.builds.clone(r.namespace, r.name, r.request ?? {});
  }

  /** As the REST log route without `follow`: the options parsed by its parser, the same build. */
  async log(r: Call<typeof ApiGetBuildLog>): Reply<typeof ApiGetBuildLog> {
    authorize(this.tokens, r, 'view', 'get');
    const { token: _token, namespace, name, ...options } = r;
    const parsed = parseLogOptions(name, asLogQuery(options));
    // A build that does not exist is a 404, as over REST, not an empty log.
    await this.builds.get(namespace, name);
    return { log: await logText(this.logs, namespace, name, parsed, this.maxPayload()) };
  }

  async createBuildConfig(
    r: Call<typeof ApiCreateBuildConfig>,
  ): Reply<typeof ApiCreateBuildConfig> {
    authorize(this.tokens, r, 'edit', 'post');
    return this.buildConfigs.create(r.namespace, r.buildConfig);
  }

  async getBuildConfig(r: Call<typeof ApiGetBuildConfig>): Reply<typeof ApiGetBuildConfig> {
    authorize(this.tokens, r, 'view', 'get');
    return this.buildConfigs.get(r.namespace, r.name);
  }

  async replaceBuildConfig(
    r: Call<typeof ApiReplaceBuildConfig>,
  ): Reply<typeof ApiReplaceBuildConfig> {
    authorize(this.tokens, r, 'edit', 'put');
    return this.buildConfigs.replace(r.namespace, r.name, r.buildConfig);
  }

  /** Answers the Success Status the REST API answers a DELETE with. */
  async deleteBuildConfig(
    r: Call<typeof ApiDeleteBuildConfig>,
  ): Reply<typeof ApiDeleteBuildConfig> {
    authorize(this.tokens, r, 'edit', 'delete');
    const options = parseDeleteOptions(
      {},
      { propagationPolicy: r.propagationPolicy, preconditions: r.preconditions },
    );
    await this.buildConfigs.delete(r.namespace, r.name, options);
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: r.name, group: 'build.openshift.io', kind: 'buildconfigs' },
    };
  }

  /** A page as REST lists it: the same selector parser, page walk and continue tokens. */
  async listBuildConfigs(r: Call<typeof ApiListBuildConfigs>): Reply<typeof ApiListBuildConfigs> {
    authorize(this.tokens, r, 'view', 'get');
    const query = parseListQuery(
      { labelSelector: r.labelSelector, limit: r.limit?.toString(), continue: r.continue },
      { fields: METADATA_FIELDS },
    );
    const list = await this.collections.list<BuildConfig>(
      {
        kind: 'BuildConfig',
        apiVersion: API_VERSION,
        namespace: r.namespace,
        scan: (selection) => this.buildConfigs.scan(r.namespace, selection),
      },
      query,
    );
    return { ...list, kind: 'BuildConfigList', apiVersion: API_VERSION };
  }
}
