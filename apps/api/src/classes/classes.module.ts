import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CatalogModule } from '../catalog/catalog.module';
import { TerminalModule } from '../terminal/terminal.module';
import { ClassesController } from './classes.controller';
import { ClassesService } from './classes.service';

@Module({
  imports: [AuthModule, CatalogModule, TerminalModule],
  controllers: [ClassesController],
  providers: [ClassesService],
})
export class ClassesModule {}
