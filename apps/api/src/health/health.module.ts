import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/** GET /api/health: is the API up and does its database answer a query. */
@Module({
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
