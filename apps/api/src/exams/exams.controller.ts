import type { AddressInfo } from 'node:net';
import {
  ExamAnswersRequest,
  ExamFlagRequest,
  ExamNotesRequest,
  ExamSubmitRequest,
} from '@kubebelt/contract';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Put,
  Req,
  StreamableFile,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { createZodDto } from 'nestjs-zod';
import { sessionToken } from '../auth/auth.guard';
import { Me } from '../auth/decorators';
import type { SignedIn } from '../auth/signed-in';
import { languageOf } from '../catalog/language';
import { ExamsService } from './exams.service';
import { renderReportPdf } from './report-pdf';

class ExamFlagDto extends createZodDto(ExamFlagRequest) {}
class ExamNotesDto extends createZodDto(ExamNotesRequest) {}
class ExamAnswersDto extends createZodDto(ExamAnswersRequest) {}

@ApiTags('exams')
@Controller()
export class ExamsController {
  constructor(
    private readonly exams: ExamsService,
    private readonly http: HttpAdapterHost,
  ) {}

  @Get('exams')
  @ApiOperation({ summary: 'Exams: duration, pass mark, tasks, and the attempt in progress' })
  list(@Me() me: SignedIn, @Req() req: Request) {
    return this.exams.list(me.account.id, languageOf(req, me));
  }

  @Get('exams/:examId')
  @ApiOperation({ summary: 'One exam: duration, pass mark, tasks, and the attempt in progress' })
  async one(@Me() me: SignedIn, @Req() req: Request, @Param('examId') examId: string) {
    return this.exams.summary(me.account.id, examId, languageOf(req, me));
  }

  @Post('exams/:examId/attempts')
  @ApiOperation({
    summary:
      "Start an attempt (tasks drawn, clusters set up, the server's clock started), or return the running one",
  })
  start(@Me() me: SignedIn, @Req() req: Request, @Param('examId') examId: string) {
    return this.exams.start(me.account.id, examId, languageOf(req, me));
  }

  @Get('exam-attempts')
  @ApiOperation({ summary: "The candidate's attempts, newest first, with scores once submitted" })
  history(@Me() me: SignedIn, @Req() req: Request) {
    return this.exams.history(me.account.id, languageOf(req, me));
  }

  @Get('exam-attempts/:id')
  @ApiOperation({ summary: 'An attempt with its tasks, flags, notes, answers and remaining time' })
  get(@Me() me: SignedIn, @Req() req: Request, @Param('id') id: string) {
    return this.exams.get(me, id, languageOf(req, me));
  }

  @Post('exam-attempts/:id/flags')
  @HttpCode(200)
  @ApiOperation({ summary: 'Flag a task for review (or clear the flag) while the time runs' })
  flag(
    @Me() me: SignedIn,
    @Req() req: Request,
    @Param('id') id: string,
    @Body() body: ExamFlagDto,
  ) {
    return this.exams.flag(me, id, body.taskId, body.flagged, languageOf(req, me));
  }

  @Put('exam-attempts/:id/notes')
  @ApiOperation({ summary: "Save the candidate's notes pad while the time runs" })
  notes(@Me() me: SignedIn, @Param('id') id: string, @Body() body: ExamNotesDto) {
    return this.exams.saveNotes(me, id, body.notes);
  }

  @Put('exam-attempts/:id/answers')
  @ApiOperation({
    summary: 'Answer concept questions (merged with earlier answers) while the time runs',
  })
  answers(
    @Me() me: SignedIn,
    @Req() req: Request,
    @Param('id') id: string,
    @Body() body: ExamAnswersDto,
  ) {
    return this.exams.answer(me, id, body.answers, languageOf(req, me));
  }

  @Post('exam-attempts/:id/submit')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Submit: the server grades the live clusters and the answers; the environment stays open for review',
  })
  submit(@Me() me: SignedIn, @Req() req: Request, @Param('id') id: string, @Body() body: unknown) {
    // no body, or an empty one: a score or a time sent along is refused, not ignored
    const parsed = ExamSubmitRequest.safeParse(body ?? {});
    if (!parsed.success)
      throw new BadRequestException(
        `Submission takes no body: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      );
    return this.exams.submitByCandidate(me, id, languageOf(req, me));
  }

  @Get('exam-attempts/:id/report')
  @ApiOperation({
    summary:
      'The score report (per task and check: expected, found, solution), only after submission',
  })
  report(@Me() me: SignedIn, @Req() req: Request, @Param('id') id: string) {
    return this.exams.report(me, id, languageOf(req, me));
  }

  @Get('exam-attempts/:id/report.pdf')
  @Header('content-type', 'application/pdf')
  @ApiOperation({
    summary: 'The score report as a PDF (the printable report page, printed by Chromium)',
  })
  async reportPdf(@Me() me: SignedIn, @Req() req: Request, @Param('id') id: string) {
    const language = languageOf(req, me);
    // refuses others' attempts and unsubmitted ones, as the report does
    await this.exams.report(me, id, language);
    const address = this.http.httpAdapter.getHttpServer().address() as AddressInfo;
    const pdf = await renderReportPdf({
      base: `http://127.0.0.1:${address.port}`,
      attemptId: id,
      sessionToken: sessionToken(req.headers.cookie) ?? '',
      language,
    });
    return new StreamableFile(pdf, {
      disposition: `attachment; filename="kubebelt-exam-report-${id}.pdf"`,
    });
  }

  @Get('exam-attempts/:id/audit')
  @ApiOperation({
    summary: "An attempt's audit log (the candidate's own; any for instructors and admins)",
  })
  audit(@Me() me: SignedIn, @Param('id') id: string) {
    return this.exams.auditLog(me, id);
  }
}
