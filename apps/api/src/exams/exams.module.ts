import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { GradingModule } from '../grading/grading.module';
import { SessionsModule } from '../sessions/sessions.module';
import { Clock } from './clock';
import { ExamsController } from './exams.controller';
import { ExamsService } from './exams.service';

@Module({
  imports: [CatalogModule, SessionsModule, GradingModule],
  controllers: [ExamsController],
  providers: [ExamsService, Clock],
  exports: [ExamsService, Clock],
})
export class ExamsModule {}
