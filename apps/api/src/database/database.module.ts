import { type DynamicModule, Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Database } from './database';

/**
 * Provides the opened (migrated) `Database` to every module. Opening happens before Nest
 * starts, so that a bad database stops start-up with one clear line instead of a
 * dependency-injection stack trace.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly database: Database) {}

  static forRoot(database: Database): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: Database, useValue: database }],
      exports: [Database],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
