import { DataSource } from 'typeorm';
import { migrations } from './migrations/index.js';

/** The one DataSource of build-api; migrations run at start-up, never `synchronize`. */
export function makeDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    uuidExtension: 'pgcrypto',
    extra: { max: 20 },
  });
}

export async function openDatabase(url: string): Promise<DataSource> {
  const dataSource = makeDataSource(url);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
