import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { SessionsModule } from '../sessions/sessions.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/** GET /api/health: the database, the content, the terminal sandbox and the clusters. */
@Module({
  imports: [CatalogModule, SessionsModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
