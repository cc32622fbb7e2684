/**
 * flowcontrol.apiserver.k8s.io/v1 FlowSchema: SetDefaults_FlowSchemaSpec,
 * pkg/apis/flowcontrol/validation ValidateFlowSchemaSpec and its rules and subjects, printers.go
 * printFlowSchema (the list sorted as FlowSchemaSequence: matchingPrecedence, then name). The
 * Dangling condition is the APF configuration controller's (controllers/flowcontrol-configuration.ts).
 */
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isDNS1123Label, isDNS1123Subdomain } from '../api/validation';
import { isPathSegmentName } from './ingresses';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { Obj } from './spec-access';
import { ALL_VERBS, type ResourceDefinition, type StrategyContext, type UserInfo } from './types';

/** flowcontrol.FlowSchemaMaxMatchingPrecedence */
const MAX_MATCHING_PRECEDENCE = 10000;
const DISTINGUISHERS = ['ByNamespace', 'ByUser'];
const SUBJECT_KINDS = ['Group', 'ServiceAccount', 'User'];
const VERBS = ['*', ...ALL_VERBS];

const FIELD_OF_KIND: Record<string, string> = {
  User: 'user',
  Group: 'group',
  ServiceAccount: 'serviceAccount',
};

function validateSubject(s: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const own = FIELD_OF_KIND[s.kind];
  if (!own) return [notSupported(`${path}.kind`, s.kind ?? '', SUBJECT_KINDS)];
  for (const [kind, field] of Object.entries(FIELD_OF_KIND))
    if (field !== own && s[field] != null)
      errs.push(
        forbiddenField(
          `${path}.${field}`,
          `${field} is forbidden when subject kind is not '${kind}'`,
        ),
      );
  const subject = s[own];
  if (subject == null) {
    errs.push(required(`${path}.${own}`, `${own} is required when subject kind is '${s.kind}'`));
    return errs;
  }
  if (!subject.name) errs.push(required(`${path}.${own}.name`));
  if (own === 'serviceAccount') {
    if (subject.name && subject.name !== '*')
      for (const msg of isDNS1123Subdomain(subject.name))
        errs.push(invalidValue(`${path}.serviceAccount.name`, subject.name, msg));
    if (!subject.namespace)
      errs.push(
        required(`${path}.serviceAccount.namespace`, 'must specify namespace for service account'),
      );
    else
      for (const msg of isDNS1123Label(subject.namespace))
        errs.push(invalidValue(`${path}.serviceAccount.namespace`, subject.namespace, msg));
  }
  return errs;
}

function validateVerbs(verbs: string[], path: string, supported?: string[]): FieldError[] {
  if (!verbs.length) return [required(path, 'verbs must contain at least one value')];
  if (verbs.includes('*'))
    return verbs.length > 1
      ? [invalidValue(path, verbs, "if '*' is present, must not specify other verbs")]
      : [];
  if (supported && !verbs.every((v) => supported.includes(v)))
    return [notSupported(path, verbs, supported)];
  return [];
}

function validateResourceRule(r: Obj, path: string): FieldError[] {
  const errs = validateVerbs(r.verbs ?? [], `${path}.verbs`, VERBS);
  if (!(r.apiGroups ?? []).length)
    errs.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (!(r.resources ?? []).length)
    errs.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  if (!(r.namespaces ?? []).length && !r.clusterScope)
    errs.push(
      required(
        `${path}.namespaces`,
        'resource rules that are not cluster scoped must supply at least one namespace',
      ),
    );
  return errs;
}

function validateRule(rule: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const subjects = rule.subjects ?? [];
  if (!subjects.length)
    errs.push(required(`${path}.subjects`, 'subjects must contain at least one value'));
  subjects.forEach((s: Obj, i: number) => {
    errs.push(...validateSubject(s, `${path}.subjects[${i}]`));
  });
  const resourceRules = rule.resourceRules ?? [];
  const nonResourceRules = rule.nonResourceRules ?? [];
  if (!resourceRules.length && !nonResourceRules.length)
    errs.push(
      required(path, 'at least one of resourceRules and nonResourceRules has to be non-empty'),
    );
  resourceRules.forEach((r: Obj, i: number) => {
    errs.push(...validateResourceRule(r, `${path}.resourceRules[${i}]`));
  });
  nonResourceRules.forEach((r: Obj, i: number) => {
    const p = `${path}.nonResourceRules[${i}]`;
    errs.push(...validateVerbs(r.verbs ?? [], `${p}.verbs`));
    if (!(r.nonResourceURLs ?? []).length)
      errs.push(
        required(`${p}.nonResourceURLs`, 'nonResourceURLs must contain at least one value'),
      );
  });
  return errs;
}

/** FlowSchemaSequence: matchingPrecedence, then name. */
function byMatchingPrecedence(a: KubeObject, b: KubeObject): number {
  return (
    (a.spec?.matchingPrecedence ?? 0) - (b.spec?.matchingPrecedence ?? 0) ||
    ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1)
  );
}

/** What the API Priority and Fairness filter classifies a request by (request.RequestInfo). */
export interface FlowRequest {
  user: UserInfo;
  verb: string;
  /** Resource requests: the group, `plural` or `plural/subresource`, and the namespace. */
  resource?: { group: string; resource: string; namespace?: string };
  /** Non-resource requests: the path. */
  path: string;
}

const matchesAny = (items: string[] | undefined, value: string) =>
  (items ?? []).some((i) => i === '*' || i === value);

/** rule.go matchesSubject */
function subjectMatches(s: Obj, user: UserInfo): boolean {
  if (s.kind === 'User') return s.user?.name === '*' || s.user?.name === user.username;
  if (s.kind === 'Group') return s.group?.name === '*' || user.groups.includes(s.group?.name);
  if (s.kind === 'ServiceAccount') {
    const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user.username);
    return (
      !!m &&
      m[1] === s.serviceAccount?.namespace &&
      (s.serviceAccount?.name === '*' || s.serviceAccount?.name === m[2])
    );
  }
  return false;
}

/** rule.go matchesPolicyRule (resource and non-resource rules). */
function ruleMatches(rule: Obj, req: FlowRequest): boolean {
  if (!(rule.subjects ?? []).some((s: Obj) => subjectMatches(s, req.user))) return false;
  const res = req.resource;
  if (res)
    return (rule.resourceRules ?? []).some(
      (r: Obj) =>
        matchesAny(r.verbs, req.verb) &&
        matchesAny(r.apiGroups, res.group) &&
        matchesAny(r.resources, res.resource) &&
        (res.namespace ? matchesAny(r.namespaces, res.namespace) : Boolean(r.clusterScope)),
    );
  return (rule.nonResourceRules ?? []).some(
    (r: Obj) =>
      matchesAny(r.verbs, req.verb) &&
      (r.nonResourceURLs ?? []).some(
        (u: string) =>
          u === '*' || u === req.path || (u.endsWith('/*') && req.path.startsWith(u.slice(0, -1))),
      ),
  );
}

/**
 * The APF filter's classification (apf_controller.go Match): the first FlowSchema by matching
 * precedence whose rules match and whose priority level exists, else `catch-all`.
 */
export function classifyRequest(
  req: FlowRequest,
  ctx: StrategyContext,
): { flowSchema: KubeObject; priorityLevel: KubeObject } | undefined {
  const group = 'flowcontrol.apiserver.k8s.io';
  const schemas = ctx.list(group, 'flowschemas').sort(byMatchingPrecedence);
  for (const fs of schemas) {
    if (!(fs.spec?.rules ?? []).some((rule: Obj) => ruleMatches(rule, req))) continue;
    const name = fs.spec?.priorityLevelConfiguration?.name ?? '';
    const priorityLevel = ctx.get(group, 'prioritylevelconfigurations', undefined, name);
    if (priorityLevel) return { flowSchema: fs, priorityLevel };
  }
  const flowSchema = ctx.get(group, 'flowschemas', undefined, 'catch-all');
  const priorityLevel = ctx.get(group, 'prioritylevelconfigurations', undefined, 'catch-all');
  return flowSchema && priorityLevel ? { flowSchema, priorityLevel } : undefined;
}

export const flowSchemas: ResourceDefinition = {
  group: 'flowcontrol.apiserver.k8s.io',
  version: 'v1',
  kind: 'FlowSchema',
  plural: 'flowschemas',
  namespaced: false,
  statusSubresource: true,
  generation: true,
  nameRule: 'path',
  defaults(obj) {
    obj.spec ??= {};
    if (!obj.spec.matchingPrecedence) obj.spec.matchingPrecedence = 1000;
  },
  // PrepareForCreate resets status to its zero value, which Go writes as `status: {}`
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate(obj) {
    const name = obj.metadata.name ?? '';
    const spec = obj.spec ?? {};
    const errs: FieldError[] = [];
    for (const msg of isPathSegmentName(name)) errs.push(invalidValue('metadata.name', name, msg));
    const precedence = spec.matchingPrecedence;
    if (!(precedence > 0))
      errs.push(invalidValue('spec.matchingPrecedence', precedence, 'must be a positive value'));
    if (precedence > MAX_MATCHING_PRECEDENCE)
      errs.push(
        invalidValue(
          'spec.matchingPrecedence',
          precedence,
          `must not be greater than ${MAX_MATCHING_PRECEDENCE}`,
        ),
      );
    if (precedence === 1 && name !== 'exempt')
      errs.push(
        invalidValue(
          'spec.matchingPrecedence',
          precedence,
          "only the schema named 'exempt' may have matchingPrecedence 1",
        ),
      );
    const method = spec.distinguisherMethod;
    if (method && !DISTINGUISHERS.includes(method.type))
      errs.push(notSupported('spec.distinguisherMethod.type', method.type ?? '', DISTINGUISHERS));
    const pl = spec.priorityLevelConfiguration?.name ?? '';
    if (!pl)
      errs.push(
        required('spec.priorityLevelConfiguration.name', 'must reference a priority level'),
      );
    else
      for (const msg of isPathSegmentName(pl))
        errs.push(invalidValue('spec.priorityLevelConfiguration.name', pl, msg));
    (spec.rules ?? []).forEach((rule: Obj, i: number) => {
      errs.push(...validateRule(rule, `spec.rules[${i}]`));
    });
    return errs;
  },
  printOrder: byMatchingPrecedence,
  columns: [
    NAME_COLUMN,
    {
      name: 'PriorityLevel',
      type: 'string',
      description:
        '`name` is the name of the priority level configuration being referenced Required.',
    },
    {
      name: 'MatchingPrecedence',
      type: 'string',
      description:
        '`matchingPrecedence` is used to choose among the FlowSchemas that match a given request. The chosen FlowSchema is among those with the numerically lowest (which we take to be logically highest) MatchingPrecedence.  Each MatchingPrecedence value must be ranged in [1,10000]. Note that if the precedence is not specified, it will be set to 1000 as default.',
    },
    {
      name: 'DistinguisherMethod',
      type: 'string',
      description:
        '`distinguisherMethod` defines how to compute the flow distinguisher for requests that match this schema. `nil` specifies that the distinguisher is disabled and thus will always be the empty string.',
    },
    AGE_COLUMN,
    {
      name: 'MissingPL',
      type: 'string',
      description: 'references a broken or non-existent PriorityLevelConfiguration',
    },
  ],
  row(obj, ctx) {
    const dangling = (obj.status?.conditions ?? []).find(
      (c: { type?: string }) => c.type === 'Dangling',
    );
    return [
      obj.metadata.name,
      obj.spec?.priorityLevelConfiguration?.name ?? '',
      obj.spec?.matchingPrecedence ?? 0,
      obj.spec?.distinguisherMethod?.type ?? '<none>',
      age(obj, ctx),
      dangling?.status ?? '?',
    ];
  },
};
