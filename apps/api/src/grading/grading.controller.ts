import { CheckRequest } from '@kubebelt/contract';
import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { createZodDto } from 'nestjs-zod';
import { Me } from '../auth/decorators';
import type { SignedIn } from '../auth/signed-in';
import { languageOf } from '../catalog/language';
import { GradingService } from './grading.service';

class CheckDto extends createZodDto(CheckRequest) {}

@ApiTags('grading')
@Controller('sessions/:id')
export class GradingController {
  constructor(private readonly grading: GradingService) {}

  @Post('check')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Grade the lab (or one task) from the live cluster; stored as an attempt',
  })
  check(@Me() me: SignedIn, @Param('id') id: string, @Body() body: CheckDto, @Req() req: Request) {
    return this.grading.check(me.account.id, id, body.taskId, languageOf(req, me));
  }

  @Get('attempts')
  attempts(@Me() me: SignedIn, @Param('id') id: string, @Req() req: Request) {
    return this.grading.attempts(me.account.id, id, languageOf(req, me));
  }
}
