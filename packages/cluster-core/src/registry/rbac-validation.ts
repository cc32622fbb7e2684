/**
 * RBAC object validation as pkg/apis/rbac/validation/validation.go, SetDefaults of rbac/v1
 * (roleRef and subject apiGroups), and the role binding printer helpers.
 */
import { type FieldError, invalidValue, notSupported, required } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isDNS1123Subdomain } from '../api/validation';
import { invalidLiteral } from './go-literal';
import { validateLabelSelector } from './label-validation';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { Obj } from './spec-access';
import type { TableColumn } from './types';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** path.IsValidPathSegmentName: the minimal rule for RBAC names. */
export function isPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

export function validatePolicyRule(rule: Obj, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!(rule.verbs ?? []).length)
    errs.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  if ((rule.nonResourceURLs ?? []).length) {
    if (namespaced)
      errs.push(
        invalidValue(
          `${path}.nonResourceURLs`,
          rule.nonResourceURLs,
          'namespaced rules cannot apply to non-resource URLs',
        ),
      );
    if (
      (rule.apiGroups ?? []).length ||
      (rule.resources ?? []).length ||
      (rule.resourceNames ?? []).length
    ) {
      errs.push(
        invalidValue(
          `${path}.nonResourceURLs`,
          rule.nonResourceURLs,
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    }
    return errs;
  }
  if (!(rule.apiGroups ?? []).length)
    errs.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (!(rule.resources ?? []).length)
    errs.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  if ((rule.resourceNames ?? []).length && (rule.resources ?? []).length > 1) {
    errs.push(
      required(`${path}.resourceNames`, 'resource names cannot apply to multiple resources'),
    );
  }
  return errs;
}

export function validateRules(obj: KubeObject, namespaced: boolean): FieldError[] {
  return ((obj.rules ?? []) as Obj[]).flatMap((rule, i) =>
    validatePolicyRule(rule, namespaced, `rules[${i}]`),
  );
}

export function validateAggregationRule(obj: KubeObject): FieldError[] {
  const rule = obj.aggregationRule;
  if (rule == null) return [];
  const selectors: Obj[] = rule.clusterRoleSelectors ?? [];
  if (!selectors.length) {
    return [
      required(
        'aggregationRule.clusterRoleSelectors',
        'at least one clusterRoleSelector required if aggregationRule is non-nil',
      ),
    ];
  }
  return selectors.flatMap((sel, i) =>
    validateLabelSelector(sel, `aggregationRule.clusterRoleSelectors[${i}]`),
  );
}

function validateSubject(s: Obj, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.name) errs.push(required(`${path}.name`));
  switch (s.kind) {
    case 'ServiceAccount':
      if (s.name)
        for (const m of isDNS1123Subdomain(s.name))
          errs.push(invalidValue(`${path}.name`, s.name, m));
      if (s.apiGroup) errs.push(notSupported(`${path}.apiGroup`, s.apiGroup, ['']));
      if (!namespaced && !s.namespace) errs.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (!s.name)
        errs.push(
          invalidValue(
            `${path}.name`,
            '',
            `${s.kind === 'User' ? 'user' : 'group'} name cannot be empty`,
          ),
        );
      if (s.apiGroup !== RBAC_GROUP)
        errs.push(notSupported(`${path}.apiGroup`, s.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(`${path}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

export function validateBinding(obj: KubeObject, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ref = obj.roleRef ?? {};
  if (ref.apiGroup !== RBAC_GROUP)
    errs.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) errs.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errs.push(required('roleRef.name'));
  else
    for (const m of isPathSegmentName(ref.name))
      errs.push(invalidValue('roleRef.name', ref.name, m));
  ((obj.subjects ?? []) as Obj[]).forEach((s, i) =>
    errs.push(...validateSubject(s, namespaced, `subjects[${i}]`)),
  );
  return errs;
}

/** `rbac.RoleRef{...}` as %#v prints it in "cannot change roleRef". */
function roleRefLiteral(ref: Obj): string {
  const q = (v: unknown) => JSON.stringify(typeof v === 'string' ? v : '');
  return `rbac.RoleRef{APIGroup:${q(ref?.apiGroup)}, Kind:${q(ref?.kind)}, Name:${q(ref?.name)}}`;
}

export function validateBindingUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const a = obj.roleRef ?? {};
  const b = old.roleRef ?? {};
  if (a.apiGroup !== b.apiGroup || a.kind !== b.kind || a.name !== b.name) {
    return [invalidLiteral('roleRef', roleRefLiteral(a), 'cannot change roleRef')];
  }
  return [];
}

/** SetDefaults_RoleBinding / ClusterRoleBinding and SetDefaults_Subject */
export function setBindingDefaults(obj: KubeObject): void {
  if (obj.roleRef && !obj.roleRef.apiGroup) obj.roleRef.apiGroup = RBAC_GROUP;
  for (const s of (obj.subjects ?? []) as Obj[]) {
    if (!s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
  }
}

/** rbac.SubjectsStrings */
function subjectsStrings(subjects: Obj[]): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects) {
    if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name ?? ''}`);
    else if (s.kind === 'User') users.push(s.name ?? '');
    else if (s.kind === 'Group') groups.push(s.name ?? '');
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

export const BINDING_COLUMNS: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Role', type: 'string', description: 'The role the binding grants.' },
  AGE_COLUMN,
  { name: 'Users', type: 'string', priority: 1, description: 'Users in the binding.' },
  { name: 'Groups', type: 'string', priority: 1, description: 'Groups in the binding.' },
  {
    name: 'ServiceAccounts',
    type: 'string',
    priority: 1,
    description: 'Service accounts in the binding.',
  },
];

export function bindingRow(obj: KubeObject, ctx: { now: number }): unknown[] {
  return [
    obj.metadata.name,
    `${obj.roleRef?.kind ?? ''}/${obj.roleRef?.name ?? ''}`,
    age(obj, ctx),
    ...subjectsStrings(obj.subjects ?? []),
  ];
}
