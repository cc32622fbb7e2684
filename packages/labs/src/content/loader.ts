/**
 * Reads a content tree (labs/<course>/<module>/<lab or quiz>/) into typed objects, with every
 * schema and content problem found on the way. A lab with problems is still returned (so the
 * linter can report all of them); callers that serve content refuse a tree with any problem.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { KubeObject } from '@kubebelt/cluster-core';
import {
  type ContentKind,
  type Course,
  LANGUAGES,
  type Lab,
  type Language,
  type Module,
  type Quiz,
  validateContent,
} from '../schema';
import { type LoadedExam, loadExam } from './exams';
import { type Instructions, splitInstructions } from './instructions';
import type { Problem } from './problems';
import { checkLab, checkQuiz, checkTree } from './rules';
import { readYamlDocuments, readYamlFile, type YamlFile } from './yaml-file';

export interface Mistake {
  name: string;
  file: string;
  script: string;
  /** What this wrong attempt shows: the named check fails, with a message containing `message`. */
  fails: { task: string; check: string };
  message?: string;
  description?: string;
}

export interface LoadedLab {
  lab: Lab;
  dir: string;
  file: string;
  course?: string;
  module?: string;
  instructions: Partial<Record<Language, Instructions>>;
  setupObjects: KubeObject[];
  setupScript?: string;
  solution?: string;
  mistakes: Mistake[];
  source: YamlFile;
}

export interface LoadedQuiz {
  quiz: Quiz;
  dir: string;
  file: string;
  course?: string;
  module?: string;
}

export interface LoadedModule {
  module: Module;
  dir: string;
  /** Labs and quizzes in teaching order (module.yaml's `items`, then the rest by folder name). */
  items: ModuleItem[];
}

export interface ModuleItem {
  kind: 'lab' | 'quiz';
  id: string;
  folder: string;
}

export interface LoadedCourse {
  course: Course;
  dir: string;
  modules: LoadedModule[];
}

export interface Catalog {
  root: string;
  courses: LoadedCourse[];
  labs: Map<string, LoadedLab>;
  quizzes: Map<string, LoadedQuiz>;
  exams: Map<string, LoadedExam>;
  problems: Problem[];
}

const CONTENT_FILES: Record<string, ContentKind> = {
  'course.yaml': 'Course',
  'module.yaml': 'Module',
  'lab.yaml': 'Lab',
  'quiz.yaml': 'Quiz',
  'exam.yaml': 'Exam',
};

/** Loads every course, module, lab and quiz under `root` (a content tree, or one lab's folder). */
export function loadContent(root: string): Catalog {
  const catalog: Catalog = {
    root: resolve(root),
    courses: [],
    labs: new Map(),
    quizzes: new Map(),
    exams: new Map(),
    problems: [],
  };
  const files = findContentFiles(catalog.root);
  const courses = new Map<string, LoadedCourse>();
  const modules = new Map<string, LoadedModule>();
  for (const file of files.filter((f) => basename(f) === 'course.yaml')) {
    const course = readContent<Course>(file, 'Course', catalog.problems);
    if (course)
      courses.set(dirname(file), { course: course.value, dir: dirname(file), modules: [] });
  }
  for (const file of files.filter((f) => basename(f) === 'module.yaml')) {
    const module = readContent<Module>(file, 'Module', catalog.problems);
    if (module) modules.set(dirname(file), { module: module.value, dir: dirname(file), items: [] });
  }
  for (const file of files.filter((f) => basename(f) === 'lab.yaml')) {
    const lab = loadLab(file, catalog.problems);
    if (!lab) continue;
    placeInTree(lab, courses, modules);
    addUnique(catalog.labs, lab.lab.id, lab, file, catalog.problems);
  }
  for (const file of files.filter((f) => basename(f) === 'quiz.yaml')) {
    const read = readContent<Quiz>(file, 'Quiz', catalog.problems);
    if (!read) continue;
    checkQuiz(read, catalog.problems);
    const quiz: LoadedQuiz = { quiz: read.value, dir: dirname(file), file };
    placeInTree(quiz, courses, modules);
    addUnique(catalog.quizzes, quiz.quiz.id, quiz, file, catalog.problems);
  }
  for (const file of files.filter((f) => basename(f) === 'exam.yaml')) {
    const exam = loadExam(file, catalog.problems);
    if (!exam) continue;
    // sessions and grading look an id up among labs or exams: one id names one thing
    const lab = catalog.labs.get(exam.exam.id);
    if (lab)
      catalog.problems.push({
        file,
        line: 1,
        column: 1,
        message: `id "${exam.exam.id}" is already used by ${lab.file}`,
        rule: 'unique-id',
      });
    else addUnique(catalog.exams, exam.exam.id, exam, file, catalog.problems);
  }
  catalog.courses = [...courses.values()];
  checkTree(catalog, modules, catalog.problems);
  return catalog;
}

function findContentFiles(root: string): string[] {
  if (!existsSync(root)) throw new Error(`${root}: no such file or directory`);
  if (statSync(root).isFile()) return [root];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (CONTENT_FILES[entry.name]) out.push(path);
    }
  };
  walk(root);
  return out;
}

export function readContent<T>(
  file: string,
  kind: ContentKind,
  problems: Problem[],
): { value: T; source: YamlFile } | undefined {
  const source = readYamlFile(file, problems);
  if (!source) return undefined;
  const errors = validateContent(kind, source.value);
  for (const e of errors) {
    problems.push({
      file,
      ...source.position(e.pointer),
      message: `${e.pointer || '/'} ${e.message}`,
      rule: e.rule,
    });
  }
  if (errors.length) return undefined;
  return { value: source.value as T, source };
}

export function loadLab(file: string, problems: Problem[]): LoadedLab | undefined {
  const read = readContent<Lab>(file, 'Lab', problems);
  if (!read) return undefined;
  const lab = readLabFolder(dirname(file), file, read.value, read.source, problems);
  checkLab(lab, problems);
  return lab;
}

/** A lab's files beside its lab.yaml (or an exam's beside exam.yaml): instructions, set-up, solution, mistakes. */
export function readLabFolder(
  dir: string,
  file: string,
  lab: Lab,
  source: YamlFile,
  problems: Problem[],
): LoadedLab {
  const optional = (name: string) =>
    existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : undefined;
  const instructions: LoadedLab['instructions'] = {};
  for (const lang of LANGUAGES) {
    const text = optional(lang === 'en' ? 'README.md' : `README.${lang}.md`);
    if (text !== undefined) instructions[lang] = splitInstructions(text);
  }
  const setupFile = join(dir, 'setup.yaml');
  return {
    lab,
    dir,
    file,
    instructions,
    setupObjects: existsSync(setupFile)
      ? (readYamlDocuments(setupFile, problems) as KubeObject[])
      : [],
    setupScript: optional('setup.sh'),
    solution: optional('solution.sh'),
    mistakes: loadMistakes(dir, problems),
    source,
  };
}

const MISTAKE_HEADER = /^#\s*(fails|message|mistake):\s*(.+?)\s*$/i;

function loadMistakes(dir: string, problems: Problem[]): Mistake[] {
  const mistakesDir = join(dir, 'mistakes');
  if (!existsSync(mistakesDir)) return [];
  const out: Mistake[] = [];
  for (const name of readdirSync(mistakesDir)
    .filter((n) => n.endsWith('.sh'))
    .sort()) {
    const file = join(mistakesDir, name);
    const script = readFileSync(file, 'utf8');
    const header: Record<string, string> = {};
    for (const line of script.split('\n')) {
      const m = MISTAKE_HEADER.exec(line);
      if (m) header[m[1].toLowerCase()] = m[2];
    }
    const fails = /^([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(header.fails ?? '');
    if (!fails) {
      problems.push({
        file,
        line: 1,
        column: 1,
        message:
          'a mistake needs a "# fails: <task-id>/<check-id>" line naming the check it must fail',
        rule: 'mistake-header',
      });
      continue;
    }
    out.push({
      name: name.replace(/\.sh$/, ''),
      file,
      script,
      fails: { task: fails[1], check: fails[2] },
      message: header.message?.replace(/^"(.*)"$/, '$1'),
      description: header.mistake,
    });
  }
  return out;
}

/** Which course and module a lab or quiz folder sits in (labs/<course>/<module>/<item>/). */
function placeInTree(
  item: LoadedLab | LoadedQuiz,
  courses: Map<string, LoadedCourse>,
  modules: Map<string, LoadedModule>,
): void {
  const moduleDir = dirname(item.dir);
  const module = modules.get(moduleDir);
  const course = courses.get(dirname(moduleDir));
  if (!module || !course) return;
  item.module = module.module.id;
  item.course = course.course.id;
  module.items.push(
    'lab' in item
      ? { kind: 'lab', id: item.lab.id, folder: basename(item.dir) }
      : { kind: 'quiz', id: item.quiz.id, folder: basename(item.dir) },
  );
}

function addUnique<T extends { file: string }>(
  map: Map<string, T>,
  id: string,
  item: T,
  file: string,
  problems: Problem[],
): void {
  const existing = map.get(id);
  if (existing) {
    problems.push({
      file,
      line: 1,
      column: 1,
      message: `id "${id}" is already used by ${existing.file}`,
      rule: 'unique-id',
    });
    return;
  }
  map.set(id, item);
}
