import { Module } from '@nestjs/common';
import { ProgressService } from '../progress/progress.service';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';

/** Courses, labs and quizzes from labs/, in the learner's language, with their progress. */
@Module({
  controllers: [CatalogController],
  providers: [CatalogService, ProgressService],
  exports: [CatalogService, ProgressService],
})
export class CatalogModule {}
