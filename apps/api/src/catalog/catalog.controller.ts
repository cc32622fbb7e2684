import { QuizAnswersRequest, type QuizResult } from '@kubebelt/contract';
import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { createZodDto } from 'nestjs-zod';
import { Me } from '../auth/decorators';
import type { SignedIn } from '../auth/signed-in';
import { Database } from '../database/database';
import { ProgressService } from '../progress/progress.service';
import { CatalogService } from './catalog.service';
import { languageOf } from './language';
import { scoreQuiz } from './quiz-scoring';
import {
  courseSummary,
  courseView,
  labSummary,
  labView,
  quizSummary,
  quizView,
  say,
} from './views';

class QuizAnswersDto extends createZodDto(QuizAnswersRequest) {}

@ApiTags('catalog')
@Controller()
export class CatalogController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly progress: ProgressService,
    private readonly database: Database,
  ) {}

  private async lookup(me: SignedIn) {
    const progress = await this.progress.lookup(me.account.id);
    return {
      lab: (id: string) => this.catalog.findLab(id),
      quiz: (id: string) => this.catalog.quizzes().find((q) => q.quiz.id === id),
      progress,
    };
  }

  @Get('courses')
  @ApiOperation({ summary: "Courses with the learner's progress" })
  async courses(@Me() me: SignedIn, @Req() req: Request) {
    const lang = languageOf(req, me);
    const items = await this.lookup(me);
    return this.catalog
      .courses()
      .map((c) => courseSummary(c, lang, courseView(c, lang, items).moduleList));
  }

  @Get('courses/:id')
  @ApiOperation({ summary: "A course's modules, labs and quizzes with the learner's progress" })
  async course(@Me() me: SignedIn, @Req() req: Request, @Param('id') id: string) {
    return courseView(this.catalog.course(id), languageOf(req, me), await this.lookup(me));
  }

  @Get('published')
  @ApiOperation({
    summary:
      'Labs and quizzes instructors published in the browser, outside the courses of the content tree',
  })
  async published(@Me() me: SignedIn, @Req() req: Request) {
    const lang = languageOf(req, me);
    const { progress } = await this.lookup(me);
    return [
      ...this.catalog
        .labs()
        .filter((l) => this.catalog.isAuthored(l.lab.id))
        .map((l) => labSummary(l, lang, progress('lab', l.lab.id))),
      ...this.catalog
        .quizzes()
        .filter((q) => this.catalog.isAuthored(q.quiz.id))
        .map((q) => quizSummary(q, lang, progress('quiz', q.quiz.id))),
    ];
  }

  @Get('labs')
  @ApiOperation({ summary: 'Every lab, for search and filters' })
  async labs(@Me() me: SignedIn, @Req() req: Request) {
    const lang = languageOf(req, me);
    const { progress } = await this.lookup(me);
    return this.catalog.labs().map((l) => ({
      ...labView(l, lang, progress('lab', l.lab.id)),
      tasks: undefined,
      tasksCount: l.lab.tasks.length,
    }));
  }

  @Get('labs/:id')
  @ApiOperation({
    summary:
      "A lab: instructions and tasks in the learner's language (never the checks' expected values or solutions)",
  })
  async lab(@Me() me: SignedIn, @Req() req: Request, @Param('id') id: string) {
    const { progress } = await this.lookup(me);
    return labView(this.catalog.lab(id), languageOf(req, me), progress('lab', id));
  }

  @Get('quizzes/:id')
  @ApiOperation({ summary: 'A quiz without its answers' })
  async quiz(@Me() me: SignedIn, @Req() req: Request, @Param('id') id: string) {
    const { progress } = await this.lookup(me);
    return quizView(this.catalog.quiz(id), languageOf(req, me), progress('quiz', id));
  }

  @Post('quizzes/:id/answers')
  @ApiOperation({
    summary: 'Score answers on the server; returns the correct answers and explanations',
  })
  async answer(
    @Me() me: SignedIn,
    @Req() req: Request,
    @Param('id') id: string,
    @Body() body: QuizAnswersDto,
  ): Promise<QuizResult> {
    const quiz = this.catalog.quiz(id);
    const lang = languageOf(req, me);
    const result = scoreQuiz(quiz.quiz, body.answers, (t) => say(t, lang));
    await this.database.prisma.quizAttempt.create({
      data: {
        accountId: me.account.id,
        quizId: id,
        answers: body.answers,
        score: result.score,
        maxScore: result.maxScore,
      },
    });
    return result;
  }

  @Get('me/progress')
  @ApiOperation({ summary: 'Progress per course and curriculum domain, and the history of scores' })
  myProgress(@Me() me: SignedIn, @Req() req: Request) {
    return this.progress.mine(me.account.id, languageOf(req, me));
  }
}
