/**
 * Declarative checks: what the grader looks at and what it expects. Each kind of check is one
 * schema here and one evaluator in grader/checks/; `type` tells them apart.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Id, Strict, StringEnum, Text } from './common';

const Name = Type.String({ minLength: 1, maxLength: 253 });
const Namespace = Type.String({
  minLength: 1,
  maxLength: 63,
  description: 'Namespace of the objects; "default" when left out.',
});
const LabelSelector = Type.String({
  minLength: 1,
  description: 'A label selector as kubectl -l spells it: "app=web,tier in (front)".',
});

/** Which objects a check reads: one by name, or all those a selector matches. */
export const ObjectTarget = Strict(
  {
    kind: Type.String({ minLength: 1, description: 'Kind, e.g. Deployment.' }),
    apiVersion: Type.Optional(
      Type.String({ description: 'apiVersion; the preferred version of the kind when left out.' }),
    ),
    name: Type.Optional(Name),
    namespace: Type.Optional(Namespace),
    selector: Type.Optional(LabelSelector),
    fieldSelector: Type.Optional(Type.String({ minLength: 1 })),
  },
  { description: 'The object(s) a check reads: by name, or by selector.' },
);
export type ObjectTarget = Static<typeof ObjectTarget>;

export const COMPARISONS = [
  'equals',
  'notEquals',
  'contains',
  'matches',
  'exists',
  'notExists',
  'gte',
  'lte',
  'in',
] as const;
export type Comparison = (typeof COMPARISONS)[number];

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

/** Shared by every check. */
const base = {
  id: Id,
  weight: Type.Optional(Type.Number({ minimum: 0, default: 1 })),
  cluster: Type.Optional(
    Type.String({ description: 'Cluster the check reads, for labs with several clusters.' }),
  ),
  description: Type.Optional(Text),
  message: Type.Optional(
    Strict(
      { en: Type.String({ minLength: 1 }), zh: Type.String({ minLength: 1 }) },
      {
        description:
          'Message when the check fails; {found}, {expected}, {name}, {namespace} and {kind} are filled in.',
      },
    ),
  ),
};

function check<L extends string, T extends Record<string, TSchema>>(
  type: L,
  properties: T,
  description: string,
) {
  return Strict({ type: Type.Literal(type), ...base, ...properties }, { description, title: type });
}

export const ExistsCheck = check(
  'exists',
  { target: ObjectTarget },
  'The object exists (or at least one matches the selector).',
);
export const AbsentCheck = check(
  'absent',
  { target: ObjectTarget },
  'The object does not exist (or none matches the selector).',
);
export const FieldCheck = check(
  'field',
  {
    target: ObjectTarget,
    path: Type.String({
      minLength: 1,
      description: 'JSONPath as kubectl spells it: {.spec.replicas} or .spec.containers[0].image',
    }),
    op: Type.Optional(StringEnum(COMPARISONS, { default: 'equals' })),
    value: Type.Optional(Type.Union([Scalar, Type.Array(Scalar)])),
    quantifier: Type.Optional(
      StringEnum(['all', 'any', 'none'] as const, {
        default: 'all',
        description: 'With a selector: whether all, any or none of the objects must match.',
      }),
    ),
    count: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'With a selector: at least this many objects must match.',
      }),
    ),
  },
  'A field of the object(s) compares as expected.',
);
export const CelCheck = check(
  'cel',
  {
    target: ObjectTarget,
    expression: Type.String({
      minLength: 1,
      description:
        'A CEL expression that is true when the check passes; `object` is the named object, `objects` every match.',
    }),
  },
  'A CEL expression over the object(s) is true.',
);
export const RolledOutCheck = check(
  'rolledOut',
  {
    target: ObjectTarget,
    replicas: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  'A Deployment, StatefulSet or DaemonSet finished rolling out (observed, updated, ready).',
);
export const PodsReadyCheck = check(
  'podsReady',
  {
    namespace: Type.Optional(Namespace),
    selector: LabelSelector,
    count: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  },
  'At least `count` pods matching the selector are Ready.',
);
export const ServiceEndpointsCheck = check(
  'serviceEndpoints',
  {
    service: Name,
    namespace: Type.Optional(Namespace),
    workload: Type.Optional(ObjectTarget),
    count: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  },
  'A Service has ready endpoints (and they are the pods of `workload`).',
);
export const ConnectivityCheck = check(
  'connectivity',
  {
    from: Strict({
      namespace: Type.Optional(Namespace),
      pod: Type.Optional(Name),
      selector: Type.Optional(LabelSelector),
    }),
    host: Type.String({
      minLength: 1,
      description: 'Service name, DNS name or IP as the pod would dial it.',
    }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    expect: Type.Optional(StringEnum(['allowed', 'blocked'] as const, { default: 'allowed' })),
  },
  'A connection from a pod to host:port succeeds (or is blocked).',
);
export const CanICheck = check(
  'canI',
  {
    as: Strict({
      user: Type.Optional(Name),
      groups: Type.Optional(Type.Array(Name)),
      serviceAccount: Type.Optional(
        Type.String({ pattern: '^[^/]+/[^/]+$', description: 'namespace/name' }),
      ),
    }),
    verb: Type.String({ minLength: 1 }),
    resource: Type.String({
      minLength: 1,
      description: 'resource[.group][/subresource], e.g. pods, deployments.apps, pods/log',
    }),
    namespace: Type.Optional(Namespace),
    name: Type.Optional(Name),
    expect: Type.Optional(Type.Boolean({ default: true })),
  },
  'What `kubectl auth can-i --as` answers for a subject (a SubjectAccessReview).',
);
export const LogsCheck = check(
  'logs',
  {
    target: ObjectTarget,
    container: Type.Optional(Name),
    contains: Type.Optional(Type.String({ minLength: 1 })),
    matches: Type.Optional(Type.String({ minLength: 1 })),
  },
  "A pod's container log contains a text (or matches a regular expression).",
);
export const FileCheck = check(
  'file',
  {
    path: Type.String({ minLength: 1, description: "Path in the learner's home directory." }),
    kind: Type.Optional(
      Type.String({ description: 'The file is YAML or JSON holding an object of this kind.' }),
    ),
    contains: Type.Optional(Type.String({ minLength: 1 })),
    matches: Type.Optional(Type.String({ minLength: 1 })),
  },
  "A file in the learner's home exists (and parses as a kind, or contains a text).",
);
export const CommandCheck = check(
  'command',
  {
    run: Type.String({ minLength: 1, description: "A bash script run in the learner's sandbox." }),
    timeoutSeconds: Type.Optional(Type.Number({ minimum: 1, maximum: 60, default: 10 })),
  },
  "A command in the learner's sandbox exits 0 (the escape hatch).",
);

export const CHECK_SCHEMAS = [
  ExistsCheck,
  AbsentCheck,
  FieldCheck,
  CelCheck,
  RolledOutCheck,
  PodsReadyCheck,
  ServiceEndpointsCheck,
  ConnectivityCheck,
  CanICheck,
  LogsCheck,
  FileCheck,
  CommandCheck,
];

const CheckUnion = Type.Union(CHECK_SCHEMAS);
export type Check = Static<typeof CheckUnion>;
export type CheckType = Check['type'];
export type CheckOf<T extends CheckType> = Extract<Check, { type: T }>;

/** A union told apart by `type`, so a mistake is reported against the check it meant to be. */
export const CheckSchema = Type.Unsafe<Check>({
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: CHECK_SCHEMAS,
});
