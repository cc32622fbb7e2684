import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CatalogModule } from '../catalog/catalog.module';
import { AuthoringController } from './authoring.controller';
import { AuthoringService } from './authoring.service';

/** Labs, quizzes and exams written in the browser: drafts, Verify, published versions, export and import. */
@Module({
  imports: [AuthModule, CatalogModule],
  controllers: [AuthoringController],
  providers: [AuthoringService],
})
export class AuthoringModule {}
