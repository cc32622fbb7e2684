import { type DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AuthoringModule } from './authoring/authoring.module';
import { CatalogModule } from './catalog/catalog.module';
import { ClassesModule } from './classes/classes.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import type { Database } from './database/database';
import { DatabaseModule } from './database/database.module';
import { ExamsModule } from './exams/exams.module';
import { GradingModule } from './grading/grading.module';
import { HealthModule } from './health/health.module';
import { InstancesModule } from './instances/instances.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { SessionsModule } from './sessions/sessions.module';
import { SettingsModule } from './settings/settings.module';
import { TerminalModule } from './terminal/terminal.module';
import { WebAppModule } from './web-app/web-app.module';

@Module({})
export class AppModule {
  /** The whole app, around a configuration and a database already validated and opened. */
  static forRoot(config: AppConfig, database: Database): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggingModule.forRoot(config.logLevel),
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(database),
        MetricsModule,
        InstancesModule,
        AuditModule,
        SettingsModule,
        AuthModule,
        CatalogModule,
        SessionsModule,
        GradingModule,
        ExamsModule,
        ClassesModule,
        AuthoringModule,
        TerminalModule,
        HealthModule,
        AdminModule,
        WebAppModule.forRoot(config.webDir),
      ],
    };
  }
}
