import type { GradeView, Language } from '@kubebelt/contract';
import type { GradeReport, LoadedLab } from '@kubebelt/labs';

/** A grader report in one language, each failed check with the task's first hint. */
export function gradeView(
  report: Pick<GradeReport, 'score' | 'maxScore' | 'passed' | 'tasks'>,
  lab: LoadedLab | undefined,
  lang: Language,
): GradeView {
  return {
    score: report.score,
    maxScore: report.maxScore,
    passed: report.passed,
    tasks: report.tasks.map((t) => {
      const hint = lab?.lab.tasks.find((x) => x.id === t.id)?.hints?.[0];
      return {
        id: t.id,
        passed: t.passed,
        score: t.score,
        maxScore: t.maxScore,
        ...(t.blockedBy ? { blockedBy: t.blockedBy } : {}),
        checks: t.checks.map((c) => ({
          id: c.id,
          passed: c.passed,
          score: c.score,
          maxScore: c.maxScore,
          message: c.message[lang] ?? c.message.en,
          ...(c.diagnosis ? { diagnosis: c.diagnosis[lang] ?? c.diagnosis.en } : {}),
          ...(!c.passed && hint ? { hint: hint[lang] ?? hint.en } : {}),
        })),
      };
    }),
  };
}
