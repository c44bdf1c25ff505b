import {
  Inject,
  Injectable,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import { EventBus, RpcBus } from '@kiln/events';
import { Readiness } from './readiness.js';

export const SERVICE_IDENTITY = Symbol('SERVICE_IDENTITY');
export type ServiceIdentity = { name: string; natsUrl: string };

/** Connects to NATS once per service and creates the streams it relies on. */
export const eventBusProvider: Provider = {
  provide: EventBus,
  inject: [SERVICE_IDENTITY],
  useFactory: async (identity: ServiceIdentity) => {
    const bus = await EventBus.connect(identity.natsUrl, `kiln/${identity.name}`);
    await bus.ensureStreams();
    return bus;
  },
};

/** Request/reply over the same connection (secrets resolution, the NATS API). */
export const rpcBusProvider: Provider = {
  provide: RpcBus,
  inject: [EventBus],
  useFactory: (bus: EventBus) => new RpcBus(bus.connection),
};

/** Reports NATS in /readyz and drains the connection on shutdown. */
@Injectable()
export class EventBusLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(RpcBus) private readonly rpc: RpcBus,
    private readonly readiness: Readiness,
  ) {}

  onModuleInit(): void {
    this.readiness.register('nats', () =>
      Promise.resolve({
        ok: !this.bus.connection.isClosed(),
        detail: this.bus.connection.getServer(),
      }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.rpc.close();
    await this.bus.close();
  }
}
