import {
  AddMembersRequest,
  CreateAssignmentRequest,
  CreateClassRequest,
  JoinClassRequest,
} from '@kubebelt/contract';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { createZodDto } from 'nestjs-zod';
import { Me, Roles } from '../auth/decorators';
import type { SignedIn } from '../auth/signed-in';
import { languageOf } from '../catalog/language';
import { ClassesService } from './classes.service';

class CreateClassDto extends createZodDto(CreateClassRequest) {}
class AddMembersDto extends createZodDto(AddMembersRequest) {}
class JoinClassDto extends createZodDto(JoinClassRequest) {}
class CreateAssignmentDto extends createZodDto(CreateAssignmentRequest) {}

@ApiTags('classes')
@Controller('classes')
export class ClassesController {
  constructor(private readonly classes: ClassesService) {}

  @Post()
  @Roles('instructor', 'admin')
  @ApiOperation({ summary: 'Create a class (with an invite code for its learners)' })
  create(@Me() me: SignedIn, @Body() body: CreateClassDto) {
    return this.classes.create(me, body.name);
  }

  @Get()
  @ApiOperation({ summary: "The classes one teaches (admins: all), or a learner's classes" })
  list(@Me() me: SignedIn) {
    return this.classes.list(me);
  }

  @Post('join')
  @HttpCode(200)
  @ApiOperation({ summary: 'Join a class with its invite code' })
  join(@Me() me: SignedIn, @Body() body: JoinClassDto) {
    return this.classes.join(me, body.code);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A class: its assignments, and its members for the instructor' })
  view(@Me() me: SignedIn, @Req() req: Request, @Param('id') id: string) {
    return this.classes.view(me, id, languageOf(req, me));
  }

  @Post(':id/members')
  @HttpCode(200)
  @Roles('instructor', 'admin')
  @ApiOperation({
    summary:
      'Add learners by email (one per line, or a CSV whose first column is the email); unknown emails get an invitation',
  })
  addMembers(@Me() me: SignedIn, @Param('id') id: string, @Body() body: AddMembersDto) {
    return this.classes.addMembers(me, id, body.emails);
  }

  @Delete(':id/members/:accountId')
  @HttpCode(204)
  @Roles('instructor', 'admin')
  async removeMember(
    @Me() me: SignedIn,
    @Param('id') id: string,
    @Param('accountId') accountId: string,
  ) {
    await this.classes.removeMember(me, id, accountId);
  }

  @Get(':id/members/:accountId')
  @Roles('instructor', 'admin')
  @ApiOperation({ summary: "One learner's gradings and exam attempts" })
  learner(@Me() me: SignedIn, @Param('id') id: string, @Param('accountId') accountId: string) {
    return this.classes.learner(me, id, accountId);
  }

  @Get(':id/members/:accountId/sessions/:sessionId/transcript')
  @ApiOperation({
    summary:
      "A learner's terminal transcript of one session, read-only: the class's instructor and admins only (404 for anyone else)",
  })
  transcript(
    @Me() me: SignedIn,
    @Param('id') id: string,
    @Param('accountId') accountId: string,
    @Param('sessionId') sessionId: string,
  ) {
    return this.classes.transcript(me, id, accountId, sessionId);
  }

  @Post(':id/assignments')
  @Roles('instructor', 'admin')
  @ApiOperation({ summary: 'Assign a lab or an exam, with an optional due date' })
  assign(
    @Me() me: SignedIn,
    @Req() req: Request,
    @Param('id') id: string,
    @Body() body: CreateAssignmentDto,
  ) {
    return this.classes.assign(me, id, body, languageOf(req, me));
  }

  @Delete(':id/assignments/:assignmentId')
  @HttpCode(204)
  @Roles('instructor', 'admin')
  async unassign(
    @Me() me: SignedIn,
    @Param('id') id: string,
    @Param('assignmentId') assignmentId: string,
  ) {
    await this.classes.unassign(me, id, assignmentId);
  }

  @Get(':id/dashboard')
  @Roles('instructor', 'admin')
  @ApiOperation({
    summary:
      'Per assignment: completion, score distribution, time to complete, who is working on it now, and the checks most failed',
  })
  dashboard(@Me() me: SignedIn, @Req() req: Request, @Param('id') id: string) {
    return this.classes.dashboard(me, id, languageOf(req, me));
  }
}
