import { Global, Module } from '@nestjs/common';
import { PlatformSettings } from './platform-settings.service';

/** The run-time platform settings, readable everywhere. */
@Global()
@Module({ providers: [PlatformSettings], exports: [PlatformSettings] })
export class SettingsModule {}
