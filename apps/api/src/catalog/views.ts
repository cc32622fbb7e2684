/** Content as the API shows it: one language, no expected values, no solutions, no answers. */
import type {
  CourseSummary,
  CourseView,
  LabSummary,
  LabView,
  Language,
  Progress,
  QuizSummary,
  QuizView,
} from '@kubebelt/contract';
import {
  clusterSpecs,
  type LoadedCourse,
  type LoadedLab,
  type LoadedQuiz,
  type Text,
} from '@kubebelt/labs';

export const say = (text: Text, lang: Language) => text[lang] ?? text.en;

export function labSummary(lab: LoadedLab, lang: Language, progress?: Progress): LabSummary {
  const l = lab.lab;
  return {
    kind: 'lab',
    id: l.id,
    title: say(l.title, lang),
    summary: say(l.summary, lang),
    difficulty: l.difficulty,
    estimatedMinutes: l.estimatedMinutes,
    domains: l.domains,
    tags: l.tags ?? [],
    troubleshooting: l.troubleshooting ?? false,
    tasks: l.tasks.length,
    ...(progress ? { progress } : {}),
  };
}

export function labView(lab: LoadedLab, lang: Language, progress?: Progress): LabView {
  const instructions = lab.instructions[lang] ?? lab.instructions.en;
  const { kind: _kind, ...summary } = labSummary(lab, lang, progress);
  return {
    ...summary,
    language: lang,
    course: lab.course ?? null,
    module: lab.module ?? null,
    // the page shows the lab's and each task's title itself: a leading heading would repeat it
    introduction: withoutLeadingHeading(instructions?.intro ?? ''),
    kubernetesVersion: lab.lab.kubernetesVersion,
    timeLimitMinutes: lab.lab.timeLimitMinutes ?? null,
    clusters: clusterSpecs(lab.lab).map((c) => ({ name: c.name, nodes: c.nodes ?? 3 })),
    tasks: lab.lab.tasks.map((t) => ({
      id: t.id,
      title: say(t.title, lang),
      weight: t.weight ?? 1,
      needs: t.needs ?? [],
      instructions: withoutLeadingHeading(instructions?.tasks[t.id] ?? ''),
      hints: (t.hints ?? []).map((h) => say(h, lang)),
      checks: t.checks.map((c) => ({
        id: c.id,
        description: c.description ? say(c.description, lang) : null,
      })),
    })),
  };
}

export function quizSummary(quiz: LoadedQuiz, lang: Language, progress?: Progress): QuizSummary {
  const q = quiz.quiz;
  return {
    kind: 'quiz',
    id: q.id,
    title: say(q.title, lang),
    summary: say(q.summary, lang),
    domains: q.domains,
    questions: q.questions.length,
    ...(progress ? { progress } : {}),
  };
}

export function quizView(quiz: LoadedQuiz, lang: Language, progress?: Progress): QuizView {
  const { kind: _kind, ...summary } = quizSummary(quiz, lang, progress);
  return {
    ...summary,
    language: lang,
    passPercent: quiz.quiz.passPercent ?? 70,
    questions: quiz.quiz.questions.map((q) => ({
      id: q.id,
      type: q.type,
      prompt: say(q.prompt, lang),
      choices: q.choices.map((c) => ({ id: c.id, text: say(c.text, lang) })),
    })),
  };
}

export interface ItemLookup {
  lab(id: string): LoadedLab | undefined;
  quiz(id: string): LoadedQuiz | undefined;
  progress(kind: 'lab' | 'quiz', id: string): Progress;
}

export function courseView(course: LoadedCourse, lang: Language, items: ItemLookup): CourseView {
  const moduleList = course.modules.map((m) => ({
    id: m.module.id,
    title: say(m.module.title, lang),
    summary: say(m.module.summary, lang),
    items: m.items.flatMap((i): (LabSummary | QuizSummary)[] => {
      const progress = items.progress(i.kind, i.id);
      if (i.kind === 'lab') {
        const lab = items.lab(i.id);
        return lab ? [labSummary(lab, lang, progress)] : [];
      }
      const quiz = items.quiz(i.id);
      return quiz ? [quizSummary(quiz, lang, progress)] : [];
    }),
  }));
  return { ...courseSummary(course, lang, moduleList), moduleList };
}

export function courseSummary(
  course: LoadedCourse,
  lang: Language,
  modules: CourseView['moduleList'],
): CourseSummary {
  const all = modules.flatMap((m) => m.items);
  return {
    id: course.course.id,
    title: say(course.course.title, lang),
    summary: say(course.course.summary, lang),
    modules: modules.length,
    labs: all.filter((i) => i.kind === 'lab').length,
    quizzes: all.filter((i) => i.kind === 'quiz').length,
    estimatedMinutes: all.reduce((n, i) => n + (i.kind === 'lab' ? i.estimatedMinutes : 5), 0),
    completedItems: all.filter((i) => i.progress?.status === 'completed').length,
    totalItems: all.length,
  };
}

export function withoutLeadingHeading(markdown: string): string {
  return markdown.replace(/^#{1,3} [^\n]*\n+/, '');
}
