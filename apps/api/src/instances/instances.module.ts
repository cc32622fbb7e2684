import { Global, Module } from '@nestjs/common';
import { InstancesService } from './instances.service';

/** This API process among the others sharing the database (scale-out). */
@Global()
@Module({ providers: [InstancesService], exports: [InstancesService] })
export class InstancesModule {}
