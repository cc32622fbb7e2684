import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';

/** Admin: platform settings and the audit log (accounts and roles are in the auth module). */
@Module({ controllers: [AdminController] })
export class AdminModule {}
