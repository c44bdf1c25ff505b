import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Readiness } from '@kiln/service-kit';
import { DataSource } from 'typeorm';
import { openDatabase } from './data-source.js';

@Injectable()
class DatabaseLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly readiness: Readiness,
  ) {}

  onModuleInit(): void {
    this.readiness.register('postgres', async () => {
      await this.db.query('SELECT 1');
      return { ok: true };
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}

/** Owns the PostgreSQL connection pool; migrations are applied before the API serves. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DataSource, useFactory: () => openDatabase(url) }, DatabaseLifecycle],
      exports: [DataSource],
    };
  }
}
