/**
 * The RBAC authorizer, as plugin/pkg/auth/authorizer/rbac/rbac.go with the rule resolver of
 * pkg/registry/rbac/validation/rule.go and the matchers of pkg/apis/rbac/v1/evaluation_helpers.go,
 * behind the privileged-group authorizer that always allows system:masters. Roles and bindings
 * are read through a StrategyContext-like view, so every decision sees the current objects.
 */
import { StatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { selectorMatches } from '../registry/label-validation';
import type { UserInfo } from '../registry/types';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const SYSTEM_MASTERS = 'system:masters';
const SA_PREFIX = 'system:serviceaccount:';

/** What an authorizer decides on (authorizer.Attributes). `path` set and `resource` empty: a non-resource request. */
export interface AuthorizationAttributes {
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  path?: string;
}

/** The part of StrategyContext the authorizer reads. */
export interface RbacView {
  get(
    group: string,
    plural: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  list(group: string, plural: string, namespace?: string): KubeObject[];
}

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}

export const isResourceRequest = (a: AuthorizationAttributes) => !a.path || a.resource !== '';

const has = (list: string[] | undefined, value: string, all = '*') =>
  (list ?? []).some((v) => v === all || v === value);

/** ResourceMatches: `*`, exact `resource/subresource`, or `*` + `/subresource`. */
function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    if (
      subresource &&
      r.length === subresource.length + 2 &&
      r.startsWith('*/') &&
      r.endsWith(subresource)
    )
      return true;
  }
  return false;
}

function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const url of rule.nonResourceURLs ?? []) {
    if (url === '*' || url === path) return true;
    if (url.endsWith('*') && path.startsWith(url.replace(/\*+$/, ''))) return true;
  }
  return false;
}

/** RuleAllows */
export function ruleAllows(attrs: AuthorizationAttributes, rule: PolicyRule): boolean {
  if (isResourceRequest(attrs)) {
    const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    const namesOk =
      !(rule.resourceNames ?? []).length || (rule.resourceNames ?? []).includes(attrs.name);
    return (
      has(rule.verbs, attrs.verb) &&
      has(rule.apiGroups, attrs.group) &&
      resourceMatches(rule, combined, attrs.subresource) &&
      namesOk
    );
  }
  return has(rule.verbs, attrs.verb) && nonResourceURLMatches(rule, attrs.path ?? '');
}

/** serviceaccount.MatchesUsername */
function matchesServiceAccount(namespace: string, name: string, username: string): boolean {
  return username === `${SA_PREFIX}${namespace}:${name}`;
}

/** appliesToUser: the subject index a binding grants to the user, or -1. */
function appliesTo(user: UserInfo, subjects: Subject[], namespace: string): number {
  return subjects.findIndex((s) => {
    switch (s.kind) {
      case 'User':
        return user.username === s.name;
      case 'Group':
        return user.groups.includes(s.name ?? '');
      case 'ServiceAccount': {
        const ns = s.namespace || namespace;
        return ns !== '' && matchesServiceAccount(ns, s.name ?? '', user.username);
      }
      default:
        return false;
    }
  });
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount')
    return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name ?? '')}`;
}

/** The rules of a ClusterRole; an aggregated one also gets the rules of the roles it selects. */
export function clusterRoleRules(role: KubeObject, view: RbacView): PolicyRule[] {
  const rules: PolicyRule[] = [...((role.rules ?? []) as PolicyRule[])];
  const selectors: unknown[] = role.aggregationRule?.clusterRoleSelectors ?? [];
  if (selectors.length === 0) return rules;
  const seen = new Set(rules.map((r) => JSON.stringify(r)));
  for (const other of view.list(RBAC_GROUP, 'clusterroles')) {
    if (other.metadata.name === role.metadata.name) continue;
    if (!selectors.some((sel) => selectorMatches(sel, other.metadata.labels))) continue;
    for (const r of (other.rules ?? []) as PolicyRule[]) {
      const key = JSON.stringify(r);
      if (!seen.has(key)) {
        seen.add(key);
        rules.push(r);
      }
    }
  }
  return rules;
}

/** GetRoleReferenceRules; errors read as the listers' NotFound errors. */
function roleRefRules(
  ref: { kind?: string; name?: string },
  namespace: string,
  view: RbacView,
): PolicyRule[] | string {
  if (ref.kind === 'Role') {
    const role = view.get(RBAC_GROUP, 'roles', namespace, ref.name ?? '');
    return role
      ? ((role.rules ?? []) as PolicyRule[])
      : `role.${RBAC_GROUP} ${JSON.stringify(ref.name ?? '')} not found`;
  }
  if (ref.kind === 'ClusterRole') {
    const role = view.get(RBAC_GROUP, 'clusterroles', undefined, ref.name ?? '');
    return role
      ? clusterRoleRules(role, view)
      : `clusterrole.${RBAC_GROUP} ${JSON.stringify(ref.name ?? '')} not found`;
  }
  return `unsupported role reference kind: ${JSON.stringify(ref.kind ?? '')}`;
}

/** VisitRulesFor: cluster role bindings, then the role bindings of the namespace. Stops when `visit` says so. */
export function visitRulesFor(
  user: UserInfo,
  namespace: string,
  view: RbacView,
  visit: (
    source: string | undefined,
    rule: PolicyRule | undefined,
    error: string | undefined,
  ) => boolean,
): void {
  for (const b of view.list(RBAC_GROUP, 'clusterrolebindings')) {
    const subjects = (b.subjects ?? []) as Subject[];
    const i = appliesTo(user, subjects, '');
    if (i < 0) continue;
    const rules = roleRefRules(b.roleRef ?? {}, '', view);
    if (typeof rules === 'string') {
      if (!visit(undefined, undefined, rules)) return;
      continue;
    }
    const source = `ClusterRoleBinding ${JSON.stringify(b.metadata.name)} of ${b.roleRef?.kind} ${JSON.stringify(b.roleRef?.name ?? '')} to ${describeSubject(subjects[i], '')}`;
    for (const rule of rules) if (!visit(source, rule, undefined)) return;
  }
  if (!namespace) return;
  for (const b of view.list(RBAC_GROUP, 'rolebindings', namespace)) {
    const subjects = (b.subjects ?? []) as Subject[];
    const i = appliesTo(user, subjects, namespace);
    if (i < 0) continue;
    const rules = roleRefRules(b.roleRef ?? {}, namespace, view);
    if (typeof rules === 'string') {
      if (!visit(undefined, undefined, rules)) return;
      continue;
    }
    const source = `RoleBinding ${JSON.stringify(`${b.metadata.name}/${b.metadata.namespace}`)} of ${b.roleRef?.kind} ${JSON.stringify(b.roleRef?.name ?? '')} to ${describeSubject(subjects[i], namespace)}`;
    for (const rule of rules) if (!visit(source, rule, undefined)) return;
  }
}

/** utilerrors.NewAggregate(...).Error() */
function aggregate(errors: string[]): string {
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
}

/**
 * The decision of the privileged-group authorizer and RBAC in turn. A denial's reason lists
 * the lookups that failed (`RBAC: clusterrole.rbac.authorization.k8s.io "x" not found`).
 */
export function authorize(
  user: UserInfo,
  attrs: AuthorizationAttributes,
  view: RbacView,
): Decision {
  if (user.groups.includes(SYSTEM_MASTERS)) return { allowed: true, reason: '' };
  let reason = '';
  const errors: string[] = [];
  let allowed = false;
  visitRulesFor(user, attrs.namespace, view, (source, rule, error) => {
    if (rule && ruleAllows(attrs, rule)) {
      allowed = true;
      reason = `RBAC: allowed by ${source}`;
      return false;
    }
    if (error) errors.push(error);
    return true;
  });
  if (allowed) return { allowed, reason };
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : '' };
}

/** responsewriters.forbiddenMessage */
export function forbiddenMessage(user: UserInfo, attrs: AuthorizationAttributes): string {
  const name = JSON.stringify(user.username);
  if (!isResourceRequest(attrs))
    return `User ${name} cannot ${attrs.verb} path ${JSON.stringify(attrs.path ?? '')}`;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const where = attrs.namespace
    ? `in the namespace ${JSON.stringify(attrs.namespace)}`
    : 'at the cluster scope';
  return `User ${name} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.group)} ${where}`;
}

/** The 403 a denied request gets (responsewriters.Forbidden with errors.NewForbidden). */
export function forbiddenError(
  user: UserInfo,
  attrs: AuthorizationAttributes,
  reason: string,
): StatusError {
  const cause = reason
    ? `${forbiddenMessage(user, attrs)}: ${reason}`
    : forbiddenMessage(user, attrs);
  if (!isResourceRequest(attrs))
    return new StatusError(403, 'Forbidden', `forbidden: ${cause}`, {});
  const qualified = attrs.group ? `${attrs.resource}.${attrs.group}` : attrs.resource;
  const subject = attrs.name ? `${qualified} ${JSON.stringify(attrs.name)}` : qualified;
  return new StatusError(403, 'Forbidden', `${subject} is forbidden: ${cause}`, {
    name: attrs.name || undefined,
    group: attrs.group || undefined,
    kind: attrs.resource,
  });
}

/** An authorizer bound to a view, in the shape the API server calls. */
export function rbacAuthorizer(view: RbacView) {
  return {
    authorize: (user: UserInfo, attrs: AuthorizationAttributes): Decision =>
      authorize(user, attrs, view),
    /** The message after "is forbidden: ", the denial reason appended as upstream. */
    forbiddenMessage(user: UserInfo, attrs: AuthorizationAttributes): string {
      const { reason } = authorize(user, attrs, view);
      return reason ? `${forbiddenMessage(user, attrs)}: ${reason}` : forbiddenMessage(user, attrs);
    },
  };
}

/**
 * The user an `Impersonate-User` request acts as (impersonation filter): service accounts get
 * their groups, and everyone but anonymous gets system:authenticated unless groups say otherwise.
 */
export function impersonatedUser(username: string, groups: string[] = []): UserInfo {
  const out = [...groups];
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username);
  if (sa && groups.length === 0)
    out.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
  if (
    username !== 'system:anonymous' &&
    !out.includes('system:authenticated') &&
    !out.includes('system:unauthenticated')
  ) {
    out.push('system:authenticated');
  }
  return { username, groups: out };
}

export interface SubjectRules {
  resourceRules: {
    verbs: string[];
    apiGroups?: string[];
    resources?: string[];
    resourceNames?: string[];
  }[];
  nonResourceRules: { verbs: string[]; nonResourceURLs?: string[] }[];
  incomplete: boolean;
  evaluationError?: string;
}

/** RulesFor, as SelfSubjectRulesReview reports them (privileged groups first). */
export function rulesFor(user: UserInfo, namespace: string, view: RbacView): SubjectRules {
  const out: SubjectRules = { resourceRules: [], nonResourceRules: [], incomplete: false };
  const add = (rule: PolicyRule) => {
    if ((rule.nonResourceURLs ?? []).length) {
      out.nonResourceRules.push({ verbs: rule.verbs ?? [], nonResourceURLs: rule.nonResourceURLs });
    }
    if ((rule.resources ?? []).length) {
      const r: SubjectRules['resourceRules'][number] = { verbs: rule.verbs ?? [] };
      if (rule.apiGroups) r.apiGroups = rule.apiGroups;
      if (rule.resources) r.resources = rule.resources;
      if (rule.resourceNames) r.resourceNames = rule.resourceNames;
      out.resourceRules.push(r);
    }
  };
  if (user.groups.includes(SYSTEM_MASTERS)) {
    add({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    add({ verbs: ['*'], nonResourceURLs: ['*'] });
  }
  const errors: string[] = [];
  visitRulesFor(user, namespace, view, (_source, rule, error) => {
    if (rule) add(rule);
    if (error) errors.push(error);
    return true;
  });
  if (errors.length) {
    out.incomplete = true;
    out.evaluationError = aggregate(errors);
  }
  return out;
}
