/** The files of a course tree: course.yaml, module.yaml, lab.yaml and quiz.yaml. */
import { type Static, Type } from '@sinclair/typebox';
import { CheckSchema } from './checks';
import { ApiVersion, Domains, Id, Strict, StringEnum, Text } from './common';

const Title = Text;

export const CourseSchema = Strict(
  {
    apiVersion: ApiVersion,
    kind: Type.Literal('Course'),
    id: Id,
    title: Title,
    summary: Text,
    modules: Type.Array(Id, {
      minItems: 1,
      uniqueItems: true,
      description: "The modules' folder names, in teaching order.",
    }),
  },
  { title: 'Course' },
);
export type Course = Static<typeof CourseSchema>;

export const ModuleSchema = Strict(
  {
    apiVersion: ApiVersion,
    kind: Type.Literal('Module'),
    id: Id,
    title: Title,
    summary: Text,
    items: Type.Optional(
      Type.Array(Id, {
        uniqueItems: true,
        description: 'Lab and quiz folder names in order; unlisted ones follow alphabetically.',
      }),
    ),
  },
  { title: 'Module' },
);
export type Module = Static<typeof ModuleSchema>;

const Taint = Strict({
  key: Type.String({ minLength: 1 }),
  value: Type.Optional(Type.String()),
  effect: StringEnum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const),
});

export const ClusterSpec = Strict(
  {
    name: Id,
    nodes: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10,
        default: 3,
        description: 'controlplane plus nodes - 1 workers (node01, node02, ...).',
      }),
    ),
    nodeLabels: Type.Optional(
      Type.Record(Type.String(), Type.Record(Type.String(), Type.String()), {
        description: 'Extra labels per node name.',
      }),
    ),
    nodeTaints: Type.Optional(
      Type.Record(Type.String(), Type.Array(Taint), { description: 'Extra taints per node name.' }),
    ),
    stoppedKubelets: Type.Optional(
      Type.Array(Type.String(), {
        description: 'Nodes whose kubelet is stopped when the lab starts (they go NotReady).',
      }),
    ),
  },
  { description: 'A cluster the lab needs.' },
);
export type ClusterSpec = Static<typeof ClusterSpec>;

export const TaskSchema = Strict({
  id: Id,
  title: Title,
  weight: Type.Optional(Type.Number({ minimum: 0, default: 1 })),
  needs: Type.Optional(
    Type.Array(Id, { uniqueItems: true, description: 'Tasks that must pass before this one.' }),
  ),
  hints: Type.Optional(Type.Array(Text, { description: 'Revealed one at a time.' })),
  checks: Type.Array(CheckSchema, { minItems: 1 }),
});
export type Task = Static<typeof TaskSchema>;

export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;

export const LabSchema = Strict(
  {
    apiVersion: ApiVersion,
    kind: Type.Literal('Lab'),
    id: Id,
    title: Title,
    summary: Text,
    difficulty: StringEnum(DIFFICULTIES),
    estimatedMinutes: Type.Integer({ minimum: 1, maximum: 240 }),
    domains: Domains,
    tags: Type.Optional(Type.Array(Id, { uniqueItems: true })),
    troubleshooting: Type.Optional(
      Type.Boolean({
        description: 'Something is broken at the start; the learner finds and fixes it.',
      }),
    ),
    kubernetesVersion: Type.String({ pattern: '^1\\.(2[7-9]|3[0-3])$', default: '1.33' }),
    driver: Type.Optional(
      StringEnum(['embedded', 'docker', 'kubernetes'] as const, {
        description: 'Where the clusters run; the platform default when left out.',
      }),
    ),
    clusters: Type.Optional(Type.Array(ClusterSpec, { minItems: 1 })),
    timeLimitMinutes: Type.Optional(Type.Integer({ minimum: 1 })),
    tasks: Type.Array(TaskSchema, { minItems: 1 }),
  },
  { title: 'Lab' },
);
export type Lab = Static<typeof LabSchema>;

const Choice = Strict({
  id: Type.String({ pattern: '^[a-z]$' }),
  text: Text,
  correct: Type.Optional(Type.Boolean()),
});

export const QuestionSchema = Strict({
  id: Id,
  type: StringEnum(['single', 'multiple'] as const),
  prompt: Text,
  choices: Type.Array(Choice, { minItems: 2, maxItems: 8 }),
  explanation: Text,
});
export type Question = Static<typeof QuestionSchema>;

export const QuizSchema = Strict(
  {
    apiVersion: ApiVersion,
    kind: Type.Literal('Quiz'),
    id: Id,
    title: Title,
    summary: Text,
    domains: Domains,
    passPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: 70 })),
    questions: Type.Array(QuestionSchema, { minItems: 1 }),
  },
  { title: 'Quiz' },
);
export type Quiz = Static<typeof QuizSchema>;

/** The certification an exam imitates (its format, timing and pass mark). */
export const EXAM_TRACKS = ['cka', 'ckad', 'hccda'] as const;

export const ExamTaskSchema = Strict({
  ...TaskSchema.properties,
  weight: Type.Number({ exclusiveMinimum: 0, description: 'Points this task is worth.' }),
  cluster: Type.Optional(
    Type.String({
      description:
        'The cluster (kubeconfig context) the task is done on, as the CKA states `kubectl config use-context k8s-c2`; the first cluster when left out. Its checks read this cluster unless they name another.',
    }),
  ),
  pool: Type.Optional(
    Type.String({
      pattern: Id.pattern,
      description: 'A pool named in `draw`: the task is one of those an attempt may draw.',
    }),
  ),
});
export type ExamTask = Static<typeof ExamTaskSchema>;

export const ExamQuestionSchema = Strict({
  ...QuestionSchema.properties,
  weight: Type.Number({ exclusiveMinimum: 0, description: 'Points this question is worth.' }),
});
export type ExamQuestion = Static<typeof ExamQuestionSchema>;

export const ExamSchema = Strict(
  {
    apiVersion: ApiVersion,
    kind: Type.Literal('Exam'),
    id: Id,
    title: Title,
    summary: Text,
    track: StringEnum(EXAM_TRACKS),
    difficulty: StringEnum(DIFFICULTIES),
    domains: Domains,
    durationMinutes: Type.Integer({ minimum: 5, maximum: 300 }),
    passPercent: Type.Integer({ minimum: 1, maximum: 100 }),
    kubernetesVersion: Type.String({ pattern: '^1\\.(2[7-9]|3[0-3])$', default: '1.33' }),
    clusters: Type.Optional(Type.Array(ClusterSpec, { minItems: 1 })),
    draw: Type.Optional(
      Type.Record(Id, Type.Integer({ minimum: 1 }), {
        description:
          'Per task pool, how many of its tasks each attempt draws at random; tasks without a pool are always in.',
      }),
    ),
    questions: Type.Optional(
      Type.Array(ExamQuestionSchema, {
        description: 'Concept questions answered in the exam page, graded at submission.',
      }),
    ),
    tasks: Type.Array(ExamTaskSchema, { minItems: 1 }),
  },
  { title: 'Exam' },
);
export type Exam = Static<typeof ExamSchema>;

export const CONTENT_SCHEMAS = {
  Course: CourseSchema,
  Module: ModuleSchema,
  Lab: LabSchema,
  Quiz: QuizSchema,
  Exam: ExamSchema,
} as const;
export type ContentKind = keyof typeof CONTENT_SCHEMAS;
