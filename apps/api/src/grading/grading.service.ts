import { spawn } from 'node:child_process';
import type { AttemptView, Language } from '@kubebelt/contract';
import {
  type GradeReport,
  type GradeTarget,
  gradeContinuously,
  gradeLab,
  type Lab,
  type LiveGrader,
} from '@kubebelt/labs';
import { ForbiddenException, Injectable } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { Attempt } from '../database/prisma-client';
import { MetricsService } from '../metrics/metrics.service';
import { LabEnvironments } from '../sessions/lab-environments';
import { sessionPaths } from '../sessions/session-home';
import { SessionsService } from '../sessions/sessions.service';
import { shellCommand } from '../terminal/sandbox';
import { SandboxService } from '../terminal/sandbox.service';
import { gradeView } from './grade-views';

/** Grading on the server, from the live cluster: on demand (stored as attempts) and live. */
@Injectable()
export class GradingService {
  private readonly live = new Map<
    string,
    { grader: LiveGrader; listeners: Set<(r: GradeReport) => void> }
  >();

  constructor(
    private readonly sessions: SessionsService,
    private readonly environments: LabEnvironments,
    private readonly catalog: CatalogService,
    private readonly database: Database,
    private readonly config: AppConfig,
    private readonly sandbox: SandboxService,
    private readonly metrics: MetricsService,
  ) {
    sessions.onStopped((id) => this.stopLive(id));
  }

  private target(sessionId: string): GradeTarget {
    const running = this.environments.get(sessionId);
    if (!running) throw new Error(`session ${sessionId} is not running here`);
    const paths = sessionPaths(this.config.platform.sessionsDir, sessionId);
    const mode = this.sandbox.mode();
    return {
      client: (name) => running.env.client(name),
      home: paths.home,
      runCommand: (script, timeoutMs) =>
        mode === 'refused'
          ? Promise.resolve({ exitCode: 126, output: 'terminals are disabled on this server' })
          : runShell(shellCommand(mode, paths, running.env.names, script), timeoutMs),
    };
  }

  async check(
    accountId: string,
    sessionId: string,
    taskId: string | undefined,
    lang: Language,
  ): Promise<AttemptView> {
    const session = await this.sessions.running(accountId, sessionId);
    // an exam is graded once, on the server, when it is submitted
    if (session.kind === 'exam')
      throw new ForbiddenException('Checks are not available during an exam');
    const loaded = this.catalog.lab(session.labId);
    this.sessions.activity(session.id);
    const stop = this.metrics.gradingLatency.startTimer();
    const report = await gradeLab(loaded.lab, this.target(session.id), { taskId });
    stop();
    const attempt = await this.database.prisma.attempt.create({
      data: {
        sessionId: session.id,
        taskId: taskId ?? null,
        results: report as object,
        score: report.score,
        maxScore: report.maxScore,
      },
    });
    return this.attemptView(attempt, lang);
  }

  /** Grades these tasks of a running session's environment (an exam at submission). */
  async gradeTasks(sessionId: string, lab: Pick<Lab, 'id' | 'tasks'>): Promise<GradeReport> {
    const stop = this.metrics.gradingLatency.startTimer();
    try {
      return await gradeLab(lab, this.target(sessionId));
    } finally {
      stop();
    }
  }

  async attempts(accountId: string, sessionId: string, lang: Language): Promise<AttemptView[]> {
    await this.sessions.mine(accountId, sessionId);
    const attempts = await this.database.prisma.attempt.findMany({
      where: { sessionId },
      orderBy: { createdAt: 'desc' },
      take: 200,
    });
    return attempts.map((a) => this.attemptView(a, lang));
  }

  private attemptView(attempt: Attempt, lang: Language): AttemptView {
    const report = attempt.results as unknown as GradeReport;
    return {
      id: attempt.id,
      taskId: attempt.taskId,
      createdAt: attempt.createdAt.toISOString(),
      ...gradeView(report, this.catalog.findLab(report.labId), lang),
    };
  }

  /** Live task status for a session while someone watches it; returns the unsubscribe. */
  watch(sessionId: string, listener: (report: GradeReport) => void): () => void {
    let entry = this.live.get(sessionId);
    if (!entry) {
      const running = this.environments.get(sessionId);
      // only labs have live status: an exam's id is never a lab's (the loader refuses it)
      const loaded = running && this.catalog.findLab(running.labId);
      if (!running || !loaded) return () => {};
      const listeners = new Set<(r: GradeReport) => void>();
      const grader = gradeContinuously(
        loaded.lab,
        this.target(sessionId),
        (report) => {
          for (const l of listeners) l(report);
        },
        { clusters: running.env.names },
      );
      entry = { grader, listeners };
      this.live.set(sessionId, entry);
    }
    entry.listeners.add(listener);
    const latest = entry.grader.latest();
    if (latest) listener(latest);
    const current = entry;
    return () => {
      current.listeners.delete(listener);
      if (!current.listeners.size) this.stopLive(sessionId);
    };
  }

  private stopLive(sessionId: string): void {
    const entry = this.live.get(sessionId);
    if (!entry) return;
    entry.grader.stop();
    this.live.delete(sessionId);
  }

  viewOf(report: GradeReport, lang: Language) {
    return gradeView(report, this.catalog.findLab(report.labId), lang);
  }
}

function runShell(
  command: ReturnType<typeof shellCommand>,
  timeoutMs: number,
): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command.file, command.args, {
      env: command.env,
      cwd: command.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (c: Buffer) => {
      if (output.length < 100_000) output += c.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? 137, output });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: 127, output: error.message });
    });
  });
}
