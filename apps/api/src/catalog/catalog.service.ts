import {
  type Catalog,
  formatProblem,
  type LoadedCourse,
  type LoadedExam,
  type LoadedLab,
  type LoadedQuiz,
  loadContent,
  type Problem,
} from '@kubebelt/labs';
import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

export interface ContentHealth {
  status: 'ok' | 'degraded' | 'error';
  labs: number;
  quizzes: number;
  exams: number;
  courses: number;
  problems: string[];
}

/**
 * The content tree (labs/), loaded and validated once at start-up. A lab or quiz with any
 * problem is left out whole and reported (log and /api/health): nothing is half-loaded.
 */
@Injectable()
export class CatalogService {
  private readonly logger = new Logger(CatalogService.name);
  private catalog: Catalog;
  private excluded: Problem[] = [];
  private loadError?: string;
  /** Ids of what was published in the browser (authoring), beside the files of labs/. */
  private readonly authored = new Set<string>();

  constructor(private readonly config: AppConfig) {
    this.catalog = this.load();
  }

  private load(): Catalog {
    const root = this.config.platform.contentDir;
    let catalog: Catalog;
    try {
      catalog = loadContent(root);
    } catch (error) {
      this.loadError = (error as Error).message;
      this.logger.error(`Content not loaded from ${root}: ${this.loadError}`);
      return {
        root,
        courses: [],
        labs: new Map(),
        quizzes: new Map(),
        exams: new Map(),
        problems: [],
      };
    }
    this.excluded = catalog.problems;
    const broken = (dir: string) =>
      catalog.problems.some((p) => p.file === dir || p.file.startsWith(`${dir}/`));
    for (const [id, lab] of catalog.labs) if (broken(lab.dir)) catalog.labs.delete(id);
    for (const [id, quiz] of catalog.quizzes) if (broken(quiz.dir)) catalog.quizzes.delete(id);
    for (const [id, exam] of catalog.exams) if (broken(exam.dir)) catalog.exams.delete(id);
    for (const course of catalog.courses) {
      for (const module of course.modules) {
        module.items = module.items.filter((i) =>
          i.kind === 'lab' ? catalog.labs.has(i.id) : catalog.quizzes.has(i.id),
        );
      }
    }
    for (const p of catalog.problems)
      this.logger.warn(`Content problem: ${formatProblem(p, root)}`);
    this.logger.log(
      `Content: ${catalog.labs.size} labs, ${catalog.quizzes.size} quizzes, ${catalog.exams.size} exams, ${catalog.courses.length} courses from ${root}`,
    );
    return catalog;
  }

  /** The id names a lab, quiz or exam of labs/ (not one published in the browser). */
  isFromFiles(id: string): boolean {
    return !this.authored.has(id) && this.has(id);
  }

  has(id: string): boolean {
    return this.catalog.labs.has(id) || this.catalog.quizzes.has(id) || this.catalog.exams.has(id);
  }

  /**
   * Serves a lab, quiz or exam published in the browser (replacing its earlier version), from
   * one folder loaded and linted as labs/ is. Refused when its id is one of labs/.
   */
  publishAuthored(id: string, loaded: Catalog): void {
    if (this.isFromFiles(id)) throw new Error(`id "${id}" is used by ${this.root()} content`);
    this.withdrawAuthored(id);
    const lab = loaded.labs.get(id);
    const quiz = loaded.quizzes.get(id);
    const exam = loaded.exams.get(id);
    if (lab) this.catalog.labs.set(id, lab);
    else if (quiz) this.catalog.quizzes.set(id, quiz);
    else if (exam) this.catalog.exams.set(id, exam);
    else throw new Error(`no lab, quiz or exam "${id}" in the published folder`);
    this.authored.add(id);
  }

  withdrawAuthored(id: string): void {
    if (!this.authored.delete(id)) return;
    this.catalog.labs.delete(id);
    this.catalog.quizzes.delete(id);
    this.catalog.exams.delete(id);
  }

  isAuthored(id: string): boolean {
    return this.authored.has(id);
  }

  root(): string {
    return this.catalog.root;
  }

  health(): ContentHealth {
    const problems = this.loadError
      ? [this.loadError]
      : this.excluded.map((p) => formatProblem(p, this.catalog.root));
    return {
      status: this.loadError ? 'error' : problems.length ? 'degraded' : 'ok',
      labs: this.catalog.labs.size,
      quizzes: this.catalog.quizzes.size,
      exams: this.catalog.exams.size,
      courses: this.catalog.courses.length,
      problems,
    };
  }

  courses(): LoadedCourse[] {
    return this.catalog.courses;
  }

  course(id: string): LoadedCourse {
    const course = this.catalog.courses.find((c) => c.course.id === id);
    if (!course) throw new NotFoundException(`No course ${id}`);
    return course;
  }

  lab(id: string): LoadedLab {
    const lab = this.catalog.labs.get(id);
    if (!lab) throw new NotFoundException(`No lab ${id}`);
    return lab;
  }

  findLab(id: string): LoadedLab | undefined {
    return this.catalog.labs.get(id);
  }

  quiz(id: string): LoadedQuiz {
    const quiz = this.catalog.quizzes.get(id);
    if (!quiz) throw new NotFoundException(`No quiz ${id}`);
    return quiz;
  }

  exam(id: string): LoadedExam {
    const exam = this.catalog.exams.get(id);
    if (!exam) throw new NotFoundException(`No exam ${id}`);
    return exam;
  }

  findExam(id: string): LoadedExam | undefined {
    return this.catalog.exams.get(id);
  }

  exams(): LoadedExam[] {
    return [...this.catalog.exams.values()];
  }

  labs(): LoadedLab[] {
    return [...this.catalog.labs.values()];
  }

  quizzes(): LoadedQuiz[] {
    return [...this.catalog.quizzes.values()];
  }
}
