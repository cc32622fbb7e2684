import type { ExamAttemptView, ExamReport, Language } from '@kubebelt/contract';
import { drawTasks } from '@kubebelt/labs';
import {
  ConflictException,
  ForbiddenException,
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { SignedIn } from '../auth/signed-in';
import { CatalogService } from '../catalog/catalog.service';
import { Database } from '../database/database';
import type { ExamAttempt } from '../database/prisma-client';
import { GradingService } from '../grading/grading.service';
import { SessionsService } from '../sessions/sessions.service';
import { PlatformSettings } from '../settings/platform-settings.service';
import { Clock } from './clock';
import {
  attemptSummary,
  attemptTasks,
  attemptView,
  examSummary,
  reportView,
  type StoredReport,
  scoreQuestions,
  totals,
} from './exam-views';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Actor = { accountId: string | null };

/**
 * Timed exam attempts: start (draw the tasks, bring the clusters up, start the clock), flags,
 * notes and answers while the time runs, submission by the candidate or at time-out (graded
 * here, from the live clusters), then the report and a review window on the same environment.
 * Every action is written to the attempt's audit log.
 */
@Injectable()
export class ExamsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ExamsService.name);
  private readonly timers = new Map<string, () => void>();
  /** Submissions in progress by attempt: a second caller waits for the first. */
  private readonly submitting = new Map<string, Promise<ExamAttempt>>();
  /** Starts in progress by account and exam: a double click starts one attempt. */
  private readonly starting = new Map<string, Promise<ExamAttempt>>();

  constructor(
    private readonly database: Database,
    private readonly catalog: CatalogService,
    private readonly sessions: SessionsService,
    private readonly grading: GradingService,
    private readonly clock: Clock,
    private readonly auditLogs: AuditService,
    private readonly settings: PlatformSettings,
  ) {}

  private get prisma() {
    return this.database.prisma;
  }

  async onApplicationBootstrap(): Promise<void> {
    // after a restart: attempts whose time ran out while the server was down are submitted now
    const running = await this.prisma.examAttempt.findMany({ where: { status: 'running' } });
    for (const attempt of running) this.scheduleTimeout(attempt);
  }

  onModuleDestroy(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  list(accountId: string, lang: Language) {
    return this.prisma.examAttempt
      .findMany({ where: { accountId, status: 'running' } })
      .then((running) =>
        this.catalog.exams().map((e) =>
          examSummary(
            e,
            lang,
            running.find((a) => a.examId === e.exam.id),
          ),
        ),
      );
  }

  async summary(accountId: string, examId: string, lang: Language) {
    const loaded = this.catalog.exam(examId);
    const running = await this.prisma.examAttempt.findFirst({
      where: { accountId, examId, status: 'running' },
    });
    return examSummary(loaded, lang, running ?? undefined);
  }

  /** Starts an attempt, or returns the candidate's attempt of this exam that is still running. */
  async start(accountId: string, examId: string, lang: Language): Promise<ExamAttemptView> {
    const loaded = this.catalog.exam(examId);
    const key = `${accountId}/${examId}`;
    let starting = this.starting.get(key);
    if (!starting) {
      starting = this.startOrResume(accountId, examId).finally(() => this.starting.delete(key));
      this.starting.set(key, starting);
    }
    return attemptView(loaded, await starting, lang, this.clock.now());
  }

  private async startOrResume(accountId: string, examId: string): Promise<ExamAttempt> {
    const loaded = this.catalog.exam(examId);
    const running = await this.prisma.examAttempt.findFirst({
      where: { accountId, examId, status: 'running' },
    });
    if (running) return running;
    const drawn = drawTasks(loaded.exam).map((t) => t.id);
    // the environment is kept until the end of the review window; submission moves it there
    const provisionalEnd = this.clock.now() + loaded.exam.durationMinutes * MINUTE;
    const session = await this.sessions.startExam(
      accountId,
      loaded,
      new Date(provisionalEnd + this.settings.get('examReviewHours') * HOUR),
    );
    // the time starts when the clusters are ready, not while they are being set up
    const startedAt = this.clock.now();
    const attempt = await this.prisma.examAttempt.create({
      data: {
        accountId,
        examId,
        status: 'running',
        startedAt: new Date(startedAt),
        endsAt: new Date(startedAt + loaded.exam.durationMinutes * MINUTE),
        taskIds: drawn,
        flags: [],
        answers: {},
        sessionId: session.id,
      },
    });
    await this.audit(attempt.id, { accountId }, 'started', { tasks: drawn, sessionId: session.id });
    this.scheduleTimeout(attempt);
    return attempt;
  }

  async history(accountId: string, lang: Language) {
    const attempts = await this.prisma.examAttempt.findMany({
      where: { accountId },
      orderBy: { startedAt: 'desc' },
      take: 200,
    });
    return attempts.map((a) => attemptSummary(this.catalog.findExam(a.examId), a, lang));
  }

  async get(me: SignedIn, id: string, lang: Language): Promise<ExamAttemptView> {
    const attempt = await this.mine(me, id);
    return attemptView(this.catalog.exam(attempt.examId), attempt, lang, this.clock.now());
  }

  async flag(me: SignedIn, id: string, taskId: string, flagged: boolean, lang: Language) {
    const attempt = await this.writable(me, id, 'flag');
    const loaded = this.catalog.exam(attempt.examId);
    if (!attemptTasks(loaded, attempt).some((t) => t.id === taskId))
      throw new NotFoundException(`No task ${taskId} in this attempt`);
    const flags = new Set(attempt.flags as string[]);
    if (flagged) flags.add(taskId);
    else flags.delete(taskId);
    const updated = await this.prisma.examAttempt.update({
      where: { id },
      data: { flags: [...flags] },
    });
    await this.audit(id, { accountId: me.account.id }, flagged ? 'flagged' : 'unflagged', {
      taskId,
    });
    return attemptView(loaded, updated, lang, this.clock.now());
  }

  async saveNotes(me: SignedIn, id: string, notes: string) {
    await this.writable(me, id, 'notes');
    await this.prisma.examAttempt.update({ where: { id }, data: { notes } });
    await this.audit(id, { accountId: me.account.id }, 'notes-saved', { length: notes.length });
    return { notes };
  }

  async answer(me: SignedIn, id: string, answers: Record<string, string[]>, lang: Language) {
    const attempt = await this.writable(me, id, 'answer');
    const loaded = this.catalog.exam(attempt.examId);
    const questions = new Map((loaded.exam.questions ?? []).map((q) => [q.id, q]));
    for (const [questionId, chosen] of Object.entries(answers)) {
      const question = questions.get(questionId);
      if (!question) throw new NotFoundException(`No question ${questionId} in this exam`);
      const unknown = chosen.find((c) => !question.choices.some((x) => x.id === c));
      if (unknown) throw new NotFoundException(`Question ${questionId} has no choice "${unknown}"`);
      if (question.type === 'single' && chosen.length > 1)
        throw new ConflictException(`Question ${questionId} takes one choice`);
    }
    const merged = { ...(attempt.answers as Record<string, string[]>), ...answers };
    const updated = await this.prisma.examAttempt.update({
      where: { id },
      data: { answers: merged },
    });
    await this.audit(id, { accountId: me.account.id }, 'answered', {
      questions: Object.keys(answers),
    });
    return attemptView(loaded, updated, lang, this.clock.now());
  }

  async submitByCandidate(me: SignedIn, id: string, lang: Language): Promise<ExamAttemptView> {
    const attempt = await this.mine(me, id);
    if (attempt.status !== 'running')
      throw new ConflictException('This attempt has already been submitted');
    const submitted = await this.submit(attempt, { accountId: me.account.id });
    return attemptView(this.catalog.exam(submitted.examId), submitted, lang, this.clock.now());
  }

  async report(me: SignedIn, id: string, lang: Language): Promise<ExamReport> {
    const attempt = await this.readable(me, id);
    if (attempt.status !== 'submitted' || !attempt.report)
      throw new ConflictException('The report is available once the exam has been submitted');
    const candidate = await this.prisma.account.findUnique({ where: { id: attempt.accountId } });
    await this.audit(id, { accountId: me.account.id }, 'report-viewed');
    return reportView(
      this.catalog.exam(attempt.examId),
      attempt,
      candidate?.name ?? candidate?.email ?? '',
      lang,
    );
  }

  async auditLog(me: SignedIn, id: string) {
    await this.readable(me, id);
    const events = await this.auditLogs.about('exam-attempt', id);
    return events.map((e) => ({
      at: e.at.toISOString(),
      accountId: e.actorId,
      action: e.action.replace(/^exam\./, ''),
      detail: e.detail ?? null,
    }));
  }

  // --- submission ------------------------------------------------------------------------

  private scheduleTimeout(attempt: ExamAttempt): void {
    this.timers.get(attempt.id)?.();
    const cancel = this.clock.at(attempt.endsAt.getTime(), () => {
      this.timers.delete(attempt.id);
      void this.timeOut(attempt.id);
    });
    this.timers.set(attempt.id, cancel);
  }

  /** The time is up: the attempt is graded as it stands, whoever is connected. */
  private async timeOut(id: string): Promise<void> {
    const attempt = await this.prisma.examAttempt.findUnique({ where: { id } });
    if (attempt?.status !== 'running') return;
    await this.submit(attempt, { accountId: null }).catch((error) => {
      this.logger.error(`Submitting exam attempt ${id} at time-out failed: ${error.message}`);
      // tried again shortly: the clusters may still be coming back after a restart
      const retry = this.clock.at(this.clock.now() + MINUTE, () => void this.timeOut(id));
      this.timers.set(id, retry);
    });
  }

  private submit(attempt: ExamAttempt, by: Actor): Promise<ExamAttempt> {
    const inFlight = this.submitting.get(attempt.id);
    if (inFlight) return inFlight;
    const done = this.grade(attempt, by).finally(() => this.submitting.delete(attempt.id));
    this.submitting.set(attempt.id, done);
    return done;
  }

  private async grade(attempt: ExamAttempt, by: Actor): Promise<ExamAttempt> {
    const loaded = this.catalog.exam(attempt.examId);
    const now = this.clock.now();
    const timedOut = now >= attempt.endsAt.getTime();
    if (!attempt.sessionId) throw new ConflictException('The exam environment is gone');
    // brings the clusters back from their snapshot if this process does not run them
    await this.sessions.running(attempt.accountId, attempt.sessionId);
    const drawn = new Set(attempt.taskIds as string[]);
    const grade = await this.grading.gradeTasks(attempt.sessionId, {
      id: loaded.lab.id,
      tasks: loaded.lab.tasks.filter((t) => drawn.has(t.id)),
    });
    const stored: StoredReport = {
      grade,
      questions: scoreQuestions(
        loaded.exam.questions ?? [],
        attempt.answers as Record<string, string[]>,
      ),
    };
    const { score, maxScore } = totals(stored);
    const reviewUntil = new Date(now + this.settings.get('examReviewHours') * HOUR);
    const updated = await this.prisma.examAttempt.updateMany({
      where: { id: attempt.id, status: 'running' },
      data: {
        status: 'submitted',
        submittedAt: new Date(Math.min(now, attempt.endsAt.getTime())),
        submittedBy: by.accountId && !timedOut ? 'candidate' : 'timeout',
        reviewUntil,
        report: stored as object,
        score,
        maxScore,
        passed: maxScore > 0 && (score / maxScore) * 100 >= loaded.exam.passPercent,
      },
    });
    if (!updated.count) throw new ConflictException('This attempt has already been submitted');
    this.timers.get(attempt.id)?.();
    this.timers.delete(attempt.id);
    await this.sessions.keepUntil(attempt.sessionId, reviewUntil);
    await this.audit(attempt.id, by, by.accountId && !timedOut ? 'submitted' : 'timed-out', {
      score,
      maxScore,
    });
    this.logger.log(
      `Exam attempt ${attempt.id} (${attempt.examId}) ${by.accountId ? 'submitted' : 'timed out'}: ${score}/${maxScore}`,
    );
    return this.prisma.examAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
  }

  // --- access ------------------------------------------------------------------------------

  /** The candidate's own attempt (another account's is a 404, as an unknown one). */
  private async mine(me: SignedIn, id: string): Promise<ExamAttempt> {
    const attempt = await this.prisma.examAttempt.findUnique({ where: { id } });
    if (!attempt || attempt.accountId !== me.account.id)
      throw new NotFoundException(`No exam attempt ${id}`);
    return attempt;
  }

  /** Reports and audit logs: the candidate's own, or any for instructors and admins. */
  private async readable(me: SignedIn, id: string): Promise<ExamAttempt> {
    if (me.account.role === 'student') return this.mine(me, id);
    const attempt = await this.prisma.examAttempt.findUnique({ where: { id } });
    if (!attempt) throw new NotFoundException(`No exam attempt ${id}`);
    return attempt;
  }

  /** Flags, notes and answers change only while the time runs. */
  private async writable(me: SignedIn, id: string, action: string): Promise<ExamAttempt> {
    const attempt = await this.mine(me, id);
    const late = this.clock.now() >= attempt.endsAt.getTime();
    if (attempt.status === 'running' && !late) return attempt;
    const submitted = attempt.status !== 'running';
    await this.audit(id, { accountId: me.account.id }, 'refused', {
      action,
      reason: submitted ? attempt.status : 'time is up',
    });
    throw new ForbiddenException(
      submitted ? 'This attempt has already been submitted' : 'The exam time is over',
    );
  }

  private async audit(
    attemptId: string,
    by: Actor,
    action: string,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    await this.auditLogs.record({
      actorId: by.accountId,
      action: `exam.${action}`,
      target: { type: 'exam-attempt', id: attemptId },
      detail,
    });
  }
}
