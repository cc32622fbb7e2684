import { AuditQuery, UpdatePlatformSettingsRequest } from '@kubebelt/contract';
import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { AuditService } from '../audit/audit.service';
import { Me, Roles } from '../auth/decorators';
import type { SignedIn } from '../auth/signed-in';
import { PlatformSettings } from '../settings/platform-settings.service';

class UpdateSettingsDto extends createZodDto(UpdatePlatformSettingsRequest) {}
class AuditQueryDto extends createZodDto(AuditQuery) {}

@ApiTags('admin')
@Controller('admin')
@Roles('admin')
export class AdminController {
  constructor(
    private readonly settings: PlatformSettings,
    private readonly audit: AuditService,
  ) {}

  @Get('settings')
  @ApiOperation({
    summary: 'The platform settings: values, the environment defaults, which are set',
  })
  getSettings() {
    return this.settings.view();
  }

  @Put('settings')
  @ApiOperation({
    summary: 'Change platform settings (null: back to the environment default); applies at once',
  })
  putSettings(@Me() me: SignedIn, @Body() body: UpdateSettingsDto) {
    return this.settings.update(me.account.id, body);
  }

  @Get('audit')
  @ApiOperation({
    summary:
      'The audit log, newest first: admin actions and exam actions, filtered by action (prefix), actor, target and time',
  })
  listAudit(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }
}
