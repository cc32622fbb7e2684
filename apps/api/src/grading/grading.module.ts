import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { SessionsModule } from '../sessions/sessions.module';
import { GradingController } from './grading.controller';
import { GradingService } from './grading.service';

/** Checks from the live cluster, stored as attempts, and live task status. */
@Module({
  imports: [CatalogModule, SessionsModule],
  controllers: [GradingController],
  providers: [GradingService],
  exports: [GradingService],
})
export class GradingModule {}
