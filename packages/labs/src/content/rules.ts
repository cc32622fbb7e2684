/**
 * Content rules a JSON Schema cannot say: ids that refer to each other, both languages of the
 * instructions, solutions and mistakes that name real checks, quiz answers that make sense.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { COMPARISONS, LANGUAGES, type Question } from '../schema';
import type { Catalog, LoadedLab, LoadedModule } from './loader';
import type { Problem } from './problems';
import type { YamlFile } from './yaml-file';

export type Report = (pointer: string, message: string, rule: string) => void;

export function reporter(source: YamlFile, problems: Problem[]): Report {
  return (pointer, message, rule) =>
    problems.push({ file: source.file, ...source.position(pointer), message, rule });
}

export function checkLab(loaded: LoadedLab, problems: Problem[]): void {
  const { lab } = loaded;
  const report = reporter(loaded.source, problems);
  const fileProblem = (file: string, message: string, rule: string) =>
    problems.push({ file, line: 1, column: 1, message, rule });

  const taskIds = new Set<string>();
  const clusters = new Set((lab.clusters ?? [{ name: 'default' }]).map((c) => c.name));
  if (lab.clusters && clusters.size !== lab.clusters.length)
    report('/clusters', 'cluster names must be unique', 'unique-id');

  lab.tasks.forEach((task, t) => {
    if (taskIds.has(task.id))
      report(`/tasks/${t}/id`, `task id "${task.id}" is used twice`, 'unique-id');
    taskIds.add(task.id);
    const checkIds = new Set<string>();
    task.checks.forEach((check, c) => {
      const at = `/tasks/${t}/checks/${c}`;
      if (checkIds.has(check.id))
        report(
          `${at}/id`,
          `check id "${check.id}" is used twice in task "${task.id}"`,
          'unique-id',
        );
      checkIds.add(check.id);
      if (check.cluster && !clusters.has(check.cluster))
        report(`${at}/cluster`, `no cluster named "${check.cluster}" in clusters`, 'cluster-ref');
      for (const message of checkMeaning(check)) report(at, message, 'check-meaning');
    });
  });
  lab.tasks.forEach((task, t) => {
    (task.needs ?? []).forEach((need, n) => {
      if (need === task.id) report(`/tasks/${t}/needs/${n}`, 'a task cannot need itself', 'needs');
      else if (!taskIds.has(need))
        report(`/tasks/${t}/needs/${n}`, `no task "${need}" in this lab`, 'needs');
    });
  });
  const cycle = needsCycle(lab.tasks);
  if (cycle) report('/tasks', `tasks need each other in a cycle: ${cycle.join(' → ')}`, 'needs');

  for (const lang of LANGUAGES) {
    const readme = join(loaded.dir, lang === 'en' ? 'README.md' : `README.${lang}.md`);
    const instructions = loaded.instructions[lang];
    if (!instructions) {
      fileProblem(readme, `the ${lang} instructions are missing (${basename(readme)})`, 'language');
      continue;
    }
    if (!instructions.intro)
      fileProblem(
        readme,
        'the instructions need an introduction before the first task',
        'task-sections',
      );
    for (const task of lab.tasks) {
      if (!instructions.tasks[task.id]?.trim())
        fileProblem(
          readme,
          `no section for task "${task.id}" (a line "<!-- task: ${task.id} -->" followed by its instructions)`,
          'task-sections',
        );
    }
    for (const id of instructions.order) {
      if (!taskIds.has(id))
        fileProblem(readme, `section for unknown task "${id}"`, 'task-sections');
    }
  }
  if (!loaded.solution?.trim())
    fileProblem(
      join(loaded.dir, 'solution.sh'),
      'every lab needs a solution.sh that solves it',
      'solution',
    );
  loaded.setupObjects.forEach((obj, i) => {
    if (!obj || typeof obj !== 'object' || !obj.apiVersion || !obj.kind || !obj.metadata?.name)
      fileProblem(
        join(loaded.dir, 'setup.yaml'),
        `document ${i + 1} needs apiVersion, kind and metadata.name`,
        'setup',
      );
  });
  for (const mistake of loaded.mistakes) {
    const task = lab.tasks.find((t) => t.id === mistake.fails.task);
    if (!task)
      fileProblem(mistake.file, `no task "${mistake.fails.task}" in this lab`, 'mistake-header');
    else if (!task.checks.some((c) => c.id === mistake.fails.check))
      fileProblem(
        mistake.file,
        `no check "${mistake.fails.check}" in task "${task.id}"`,
        'mistake-header',
      );
  }
}

/** Combinations of fields the schema allows but that cannot mean anything. */
function checkMeaning(check: LoadedLab['lab']['tasks'][number]['checks'][number]): string[] {
  const out: string[] = [];
  const regex = (pattern: string | undefined, what: string) => {
    if (pattern === undefined) return;
    try {
      new RegExp(pattern);
    } catch (err) {
      out.push(`${what} is not a valid regular expression: ${(err as Error).message}`);
    }
  };
  if ('target' in check && check.target) {
    if (check.target.name && check.target.selector)
      out.push('target has both name and selector: use one');
  }
  switch (check.type) {
    case 'field': {
      const op = check.op ?? 'equals';
      if (!COMPARISONS.includes(op)) break;
      const needsValue = op !== 'exists' && op !== 'notExists';
      if (needsValue && check.value === undefined) out.push(`op "${op}" needs a value`);
      if (op === 'in' && !Array.isArray(check.value)) out.push('op "in" needs a list as value');
      if (op === 'matches') regex(String(check.value), 'value');
      if ((op === 'gte' || op === 'lte') && Number.isNaN(Number(check.value)))
        out.push(`op "${op}" needs a number`);
      break;
    }
    case 'logs':
    case 'file':
      regex(check.matches, 'matches');
      if (check.type === 'logs' && !check.contains && !check.matches)
        out.push('a logs check needs contains or matches');
      break;
    case 'connectivity':
      if (!check.from.pod && !check.from.selector) out.push('from needs a pod or a selector');
      break;
    case 'canI':
      if (!check.as.user && !check.as.serviceAccount && !check.as.groups?.length)
        out.push('as needs a user, a serviceAccount or groups');
      break;
    case 'rolledOut':
      if (!check.target.name) out.push('a rolledOut check names its workload');
      break;
  }
  return out;
}

function needsCycle(tasks: { id: string; needs?: string[] }[]): string[] | undefined {
  const needs = new Map(tasks.map((t) => [t.id, t.needs ?? []]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const n of needs.get(id) ?? []) {
      if (!needs.has(n)) continue;
      const cycle = visit(n);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const t of tasks) {
    const cycle = visit(t.id);
    if (cycle) return cycle;
  }
  return undefined;
}

export function checkQuiz(
  read: { value: import('../schema').Quiz; source: YamlFile },
  problems: Problem[],
): void {
  checkQuestions(read.value.questions, reporter(read.source, problems));
}

/** A quiz's or an exam's questions: unique ids, and answers that fit the question's type. */
export function checkQuestions(questions: Question[], report: Report): void {
  const ids = new Set<string>();
  questions.forEach((q, i) => {
    const at = `/questions/${i}`;
    if (ids.has(q.id)) report(`${at}/id`, `question id "${q.id}" is used twice`, 'unique-id');
    ids.add(q.id);
    const correct = q.choices.filter((c) => c.correct).length;
    if (q.type === 'single' && correct !== 1)
      report(
        `${at}/choices`,
        `a single-choice question has exactly one correct choice (found ${correct})`,
        'answers',
      );
    if (q.type === 'multiple' && correct < 1)
      report(
        `${at}/choices`,
        'a multiple-choice question has at least one correct choice',
        'answers',
      );
    const choiceIds = q.choices.map((c) => c.id);
    if (new Set(choiceIds).size !== choiceIds.length)
      report(`${at}/choices`, 'choice ids must be unique', 'unique-id');
  });
}

/** The course ↔ module ↔ item links, and the order of each module's items. */
export function checkTree(
  catalog: Catalog,
  modules: Map<string, LoadedModule>,
  problems: Problem[],
): void {
  for (const course of catalog.courses) {
    const courseFile = join(course.dir, 'course.yaml');
    for (const id of course.course.modules) {
      const module = modules.get(join(course.dir, id));
      if (!module) {
        problems.push({
          file: courseFile,
          line: 1,
          column: 1,
          message: `module "${id}" has no ${id}/module.yaml`,
          rule: 'tree',
        });
        continue;
      }
      if (module.module.id !== id)
        problems.push({
          file: join(module.dir, 'module.yaml'),
          line: 1,
          column: 1,
          message: `the module's id must be its folder name "${id}"`,
          rule: 'tree',
        });
      course.modules.push(module);
    }
  }
  for (const module of modules.values()) {
    const order = module.module.items ?? [];
    for (const folder of order) {
      if (!module.items.some((i) => i.folder === folder))
        problems.push({
          file: join(module.dir, 'module.yaml'),
          line: 1,
          column: 1,
          message: `item "${folder}" is not a lab or quiz folder of this module`,
          rule: 'tree',
        });
    }
    const rank = (folder: string) => {
      const i = order.indexOf(folder);
      return i < 0 ? order.length : i;
    };
    module.items.sort(
      (a, b) => rank(a.folder) - rank(b.folder) || a.folder.localeCompare(b.folder),
    );
    const inCourse = catalog.courses.some((c) => c.modules.includes(module));
    if (!inCourse && existsSync(join(module.dir, '..', 'course.yaml')))
      problems.push({
        file: join(module.dir, 'module.yaml'),
        line: 1,
        column: 1,
        message: 'this module is not listed in its course.yaml',
        rule: 'tree',
      });
  }
}
