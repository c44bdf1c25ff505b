import type { DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ServiceKitModule } from '@kiln/service-kit';
import { AuthGuard } from './auth/auth.guard.js';
import { TokenStore } from './auth/token-store.js';
import { BuildConfigsController } from './buildconfigs/buildconfigs.controller.js';
import { BuildConfigsService } from './buildconfigs/buildconfigs.service.js';
import { BuildScheduler } from './builds/build-scheduler.js';
import { BuildsController } from './builds/builds.controller.js';
import { BuildsService } from './builds/builds.service.js';
import type { BuildApiConfig } from './config/build-api.config.js';
import { BuildController } from './controller/build-controller.js';
import { DatabaseModule } from './database/database.module.js';
import { StatusFilter } from './http/status.filter.js';
import { BuildLogReader } from './logs/build-log.reader.js';
import { OutboxRelay } from './outbox/outbox-relay.js';
import { BuildRepository } from './storage/build.repository.js';
import { NamespaceRepository } from './storage/namespace.repository.js';
import { ObjectRepository } from './storage/object.repository.js';
import { UsersController } from './users.controller.js';

export const BUILD_API_CONFIG = Symbol('BUILD_API_CONFIG');

export class AppModule {
  static forRoot(config: BuildApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ name: 'build-api', natsUrl: config.NATS_URL }),
        DatabaseModule.forRoot(config.DATABASE_URL),
      ],
      controllers: [BuildConfigsController, BuildsController, UsersController],
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
        OutboxRelay,
        BuildController,
      ],
    };
  }
}
