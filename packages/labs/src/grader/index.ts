export { gradeCheck, gradeLab, gradeTask } from './grade';
export { gradeContinuously, type LiveGrader } from './live';
export { pick, type Text } from './text';
export type { CheckResult, GradeReport, GradeTarget, TaskResult } from './types';
