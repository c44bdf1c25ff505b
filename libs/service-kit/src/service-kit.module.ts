import { Global, Module, type DynamicModule } from '@nestjs/common';
import { EventBus, RpcBus } from '@kiln/events';
import {
  eventBusProvider,
  EventBusLifecycle,
  rpcBusProvider,
  SERVICE_IDENTITY,
  type ServiceIdentity,
} from './bus.provider.js';
import { HealthController } from './health.controller.js';
import { MetricsRegistry } from './metrics.js';
import { ObjectResolver } from './object-resolver.js';
import { Readiness } from './readiness.js';

/** Health, readiness, metrics and the event bus: the part of every Kiln service that is the same. */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(identity: ServiceIdentity): DynamicModule {
    return {
      module: ServiceKitModule,
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_IDENTITY, useValue: identity },
        Readiness,
        MetricsRegistry,
        eventBusProvider,
        rpcBusProvider,
        EventBusLifecycle,
        ObjectResolver,
      ],
      exports: [Readiness, MetricsRegistry, EventBus, RpcBus, ObjectResolver, SERVICE_IDENTITY],
    };
  }
}
