import type { DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { RegistryClient } from '@kiln/artifact-store';
import { ServiceKitModule } from '@kiln/service-kit';
import { AuthGuard } from './auth/auth.guard.js';
import { TokenStore } from './auth/token-store.js';
import { BinaryBuildService } from './buildconfigs/binary-build.service.js';
import { BuildConfigsController } from './buildconfigs/buildconfigs.controller.js';
import { BuildConfigsService } from './buildconfigs/buildconfigs.service.js';
import { SourceUploadStore } from './buildconfigs/source-upload.store.js';
import { BuildGenerator } from './builds/build-generator.js';
import { BuildScheduler } from './builds/build-scheduler.js';
import { BuildsController } from './builds/builds.controller.js';
import { BuildsService } from './builds/builds.service.js';
import type { BuildApiConfig } from './config/build-api.config.js';
import { BuildController } from './controller/build-controller.js';
import { BuildProgressRepository } from './controller/build-progress.repository.js';
import { BuildWatchdog, WATCHDOG_OPTIONS } from './controller/build-watchdog.js';
import { DatabaseModule } from './database/database.module.js';
import { CollectionResponder } from './http/collection.responder.js';
import { ServerShutdown } from './http/response-stream.js';
import { StatusFilter } from './http/status.filter.js';
import { ChangeFeed } from './http/watch/change-feed.js';
import { WatchStream } from './http/watch/watch-stream.js';
import { BuildLogReader } from './logs/build-log.reader.js';
import { BuildMetrics } from './metrics/build-metrics.js';
import {
  imageStreamControllers,
  imageStreamProviders,
} from './imagestreams/image-streams.providers.js';
import { NatsApiResponder } from './nats-api/nats-api.responder.js';
import { OpenApiController } from './openapi/openapi.controller.js';
import { NamespacesController } from './namespaces/namespaces.controller.js';
import { NamespacesService } from './namespaces/namespaces.service.js';
import { OutboxRelay } from './outbox/outbox-relay.js';
import { ConfigMapsController } from './secrets/configmaps.controller.js';
import { ConfigMapsService } from './secrets/configmaps.service.js';
import { ObjectResolver } from './secrets/object-resolver.js';
import { SecretCipher } from './secrets/secret-cipher.js';
import { SecretDataRepository } from './secrets/secret-data.repository.js';
import { SecretsController } from './secrets/secrets.controller.js';
import { SecretsService } from './secrets/secrets.service.js';
import { BuildRepository } from './storage/build.repository.js';
import { NamespaceRepository } from './storage/namespace.repository.js';
import { ObjectRepository } from './storage/object.repository.js';
import { UsersController } from './users.controller.js';
import { WebhookBodyParser } from './webhooks/webhook-body.parser.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { WebhooksService } from './webhooks/webhooks.service.js';

export const BUILD_API_CONFIG = Symbol('BUILD_API_CONFIG');

export class AppModule {
  static forRoot(config: BuildApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ name: 'build-api', natsUrl: config.NATS_URL }),
        DatabaseModule.forRoot(config.DATABASE_URL),
      ],
      controllers: [
        BuildConfigsController,
        BuildsController,
        UsersController,
        NamespacesController,
        SecretsController,
        ConfigMapsController,
        WebhooksController,
        OpenApiController,
        ...imageStreamControllers,
      ],
      providers: [
        { provide: BUILD_API_CONFIG, useValue: config },
        { provide: TokenStore, useFactory: () => TokenStore.fromFile(config.KILN_TOKENS_FILE) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: StatusFilter },
        ObjectRepository,
        BuildRepository,
        NamespaceRepository,
        BuildScheduler,
        BuildConfigsService,
        BuildsService,
        BuildLogReader,
        BuildGenerator,
        BinaryBuildService,
        {
          provide: SourceUploadStore,
          useFactory: () =>
            new SourceUploadStore(
              new RegistryClient({ host: config.REGISTRY_HOST, insecure: true }),
              config.KILN_MAX_UPLOAD_BYTES,
            ),
        },
        ServerShutdown,
        ChangeFeed,
        WatchStream,
        CollectionResponder,
        OutboxRelay,
        BuildController,
        BuildProgressRepository,
        BuildWatchdog,
        {
          provide: WATCHDOG_OPTIONS,
          useValue: {
            stallTimeoutSeconds: config.KILN_STALL_TIMEOUT_SECONDS,
            intervalSeconds: config.KILN_WATCHDOG_INTERVAL_SECONDS,
          },
        },
        BuildMetrics,
        NatsApiResponder,
        { provide: SecretCipher, useFactory: () => SecretCipher.fromConfig(config) },
        SecretDataRepository,
        SecretsService,
        ConfigMapsService,
        ObjectResolver,
        NamespacesService,
        WebhooksService,
        WebhookBodyParser,
        ...imageStreamProviders(config),
      ],
    };
  }
}
