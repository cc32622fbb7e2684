import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { SandboxService } from '../terminal/sandbox.service';
import { LabEnvironments } from './lab-environments';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Lab sessions and the clusters they run (through a ClusterDriver). */
@Module({
  imports: [CatalogModule],
  controllers: [SessionsController],
  providers: [SessionsService, LabEnvironments, SandboxService],
  exports: [SessionsService, LabEnvironments, SandboxService],
})
export class SessionsModule {}
