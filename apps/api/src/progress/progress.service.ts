import type { Language, MyProgress, Progress } from '@kubebelt/contract';
import { Injectable } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import { say } from '../catalog/views';
import { Database } from '../database/database';

interface ItemResult {
  best: number;
  max: number;
  attempts: number;
  completed: boolean;
}

const NOT_STARTED: Progress = {
  status: 'not-started',
  bestScore: null,
  maxScore: null,
  attempts: 0,
};

/** A learner's results, computed from their stored attempts (lab checks and quiz answers). */
@Injectable()
export class ProgressService {
  constructor(
    private readonly database: Database,
    private readonly catalog: CatalogService,
  ) {}

  /** Per lab and quiz id: best score, attempts, completed. */
  async results(accountId: string): Promise<{
    labs: Map<string, ItemResult>;
    quizzes: Map<string, ItemResult>;
    started: Set<string>;
  }> {
    const prisma = this.database.prisma;
    const [sessions, quizAttempts] = await Promise.all([
      prisma.labSession.findMany({
        where: { accountId },
        select: {
          labId: true,
          attempts: { where: { taskId: null }, select: { score: true, maxScore: true } },
        },
      }),
      prisma.quizAttempt.findMany({
        where: { accountId },
        select: { quizId: true, score: true, maxScore: true },
      }),
    ]);
    const labs = new Map<string, ItemResult>();
    const started = new Set<string>();
    for (const s of sessions) {
      started.add(s.labId);
      for (const a of s.attempts) {
        const r = labs.get(s.labId) ?? { best: 0, max: a.maxScore, attempts: 0, completed: false };
        r.attempts++;
        if (a.score >= r.best) {
          r.best = a.score;
          r.max = a.maxScore;
        }
        r.completed ||= a.maxScore > 0 && a.score >= a.maxScore;
        labs.set(s.labId, r);
      }
    }
    const quizzes = new Map<string, ItemResult>();
    for (const a of quizAttempts) {
      const quiz = this.catalog.quizzes().find((q) => q.quiz.id === a.quizId);
      const pass = (quiz?.quiz.passPercent ?? 70) / 100;
      const r = quizzes.get(a.quizId) ?? {
        best: 0,
        max: a.maxScore,
        attempts: 0,
        completed: false,
      };
      r.attempts++;
      r.best = Math.max(r.best, a.score);
      r.completed ||= a.maxScore > 0 && a.score / a.maxScore >= pass;
      quizzes.set(a.quizId, r);
    }
    return { labs, quizzes, started };
  }

  async lookup(accountId: string): Promise<(kind: 'lab' | 'quiz', id: string) => Progress> {
    const { labs, quizzes, started } = await this.results(accountId);
    return (kind, id) => {
      const r = (kind === 'lab' ? labs : quizzes).get(id);
      if (!r)
        return kind === 'lab' && started.has(id)
          ? { ...NOT_STARTED, status: 'in-progress' }
          : NOT_STARTED;
      return {
        status: r.completed ? 'completed' : 'in-progress',
        bestScore: r.best,
        maxScore: r.max,
        attempts: r.attempts,
      };
    };
  }

  async mine(accountId: string, lang: Language): Promise<MyProgress> {
    const prisma = this.database.prisma;
    const { labs, quizzes } = await this.results(accountId);
    const sessions = await prisma.labSession.findMany({
      where: { accountId },
      select: { labId: true, startedAt: true, endedAt: true, lastActivityAt: true },
    });
    const minutesByLab = new Map<string, number>();
    for (const s of sessions) {
      const end = (s.endedAt ?? s.lastActivityAt).getTime();
      minutesByLab.set(
        s.labId,
        (minutesByLab.get(s.labId) ?? 0) + Math.max(0, end - s.startedAt.getTime()) / 60_000,
      );
    }
    const courses = this.catalog.courses().map((course) => {
      const items = course.modules.flatMap((m) => m.items);
      const labIds = items.filter((i) => i.kind === 'lab').map((i) => i.id);
      const quizIds = items.filter((i) => i.kind === 'quiz').map((i) => i.id);
      return {
        id: course.course.id,
        title: say(course.course.title, lang),
        labsCompleted: labIds.filter((id) => labs.get(id)?.completed).length,
        labs: labIds.length,
        quizzesPassed: quizIds.filter((id) => quizzes.get(id)?.completed).length,
        quizzes: quizIds.length,
        minutesSpent: Math.round(labIds.reduce((n, id) => n + (minutesByLab.get(id) ?? 0), 0)),
        labResults: labIds
          .filter((id) => labs.has(id))
          .map((id) => {
            const r = labs.get(id) as ItemResult;
            return {
              labId: id,
              bestScore: r.best,
              maxScore: r.max,
              completed: r.completed,
              attempts: r.attempts,
            };
          }),
      };
    });
    const domainTotals = new Map<string, { completed: number; total: number }>();
    for (const lab of this.catalog.labs()) {
      for (const d of lab.lab.domains) {
        const t = domainTotals.get(d) ?? { completed: 0, total: 0 };
        t.total++;
        if (labs.get(lab.lab.id)?.completed) t.completed++;
        domainTotals.set(d, t);
      }
    }
    const [labAttempts, quizAttempts] = await Promise.all([
      prisma.attempt.findMany({
        where: { session: { accountId }, taskId: null },
        orderBy: { createdAt: 'asc' },
        take: 500,
        select: {
          score: true,
          maxScore: true,
          createdAt: true,
          session: { select: { labId: true } },
        },
      }),
      prisma.quizAttempt.findMany({
        where: { accountId },
        orderBy: { createdAt: 'asc' },
        take: 500,
      }),
    ]);
    // an item taken out of the catalog since keeps its id as its title
    const labTitle = (id: string) => {
      const lab = this.catalog.findLab(id);
      return lab ? say(lab.lab.title, lang) : id;
    };
    const quizTitle = (id: string) => {
      const quiz = this.catalog.quizzes().find((q) => q.quiz.id === id);
      return quiz ? say(quiz.quiz.title, lang) : id;
    };
    const history = [
      ...labAttempts.map((a) => ({
        kind: 'lab' as const,
        id: a.session.labId,
        title: labTitle(a.session.labId),
        score: a.score,
        maxScore: a.maxScore,
        at: a.createdAt.toISOString(),
      })),
      ...quizAttempts.map((a) => ({
        kind: 'quiz' as const,
        id: a.quizId,
        title: quizTitle(a.quizId),
        score: a.score,
        maxScore: a.maxScore,
        at: a.createdAt.toISOString(),
      })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    return {
      courses,
      domains: [...domainTotals]
        .map(([domain, t]) => ({ domain, ...t }))
        .sort((a, b) => a.domain.localeCompare(b.domain)),
      history,
    };
  }
}
