/**
 * RBAC escalation prevention, as the policy-based storages of pkg/registry/rbac and
 * ConfirmNoEscalation in pkg/registry/rbac/validation/rule.go: a user may only write a role
 * or binding granting what they hold already, unless they may `escalate` (roles) or `bind`
 * (bindings), or are system:masters.
 */
import { badRequest, forbidden } from '../api/errors';
import type { KubeObject } from '../api/object';
import {
  authorize,
  clusterRoleRules,
  type PolicyRule,
  RBAC_GROUP,
  SYSTEM_MASTERS,
  visitRulesFor,
} from '../auth/rbac';
import type { StrategyContext } from './types';

const has = (list: string[] | undefined, v: string) => (list ?? []).includes(v);
const hasAll = (list: string[] | undefined, vs: string[] | undefined) =>
  (vs ?? []).every((v) => has(list, v));

/** BreakdownRule: one verb on one resource (or URL) per rule. */
function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        if ((rule.resourceNames ?? []).length) {
          for (const name of rule.resourceNames ?? [])
            out.push({
              apiGroups: [group],
              resources: [resource],
              verbs: [verb],
              resourceNames: [name],
            });
        } else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? [])
    for (const verb of rule.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

function resourceCoversAll(set: string[] | undefined, covers: string[] | undefined): boolean {
  if (has(set, '*') || hasAll(set, covers)) return true;
  for (const path of covers ?? []) {
    if (has(set, path)) continue;
    if (!path.includes('/')) return false;
    if (!has(set, `*/${path.split('/').slice(1).join('/')}`)) return false;
  }
  return true;
}

function urlCovers(owner: string, requested: string): boolean {
  if (owner === requested || owner === '*') return true;
  return owner.endsWith('*') && requested.startsWith(owner.slice(0, -1));
}

/** ruleCovers */
function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = has(owner.verbs, '*') || hasAll(owner.verbs, sub.verbs);
  const groups = has(owner.apiGroups, '*') || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourceCoversAll(owner.resources, sub.resources);
  const urls = (sub.nonResourceURLs ?? []).every((u) =>
    (owner.nonResourceURLs ?? []).some((o) => urlCovers(o, u)),
  );
  const names =
    (sub.resourceNames ?? []).length === 0
      ? (owner.resourceNames ?? []).length === 0
      : (owner.resourceNames ?? []).length === 0 || hasAll(owner.resourceNames, sub.resourceNames);
  return verbs && groups && resources && names && urls;
}

/** Go's %q of a []string: ["a" "b"]. */
const goList = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;

/** rbacv1helpers.CompactString */
function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  if ((rule.apiGroups ?? []).length) parts.push(`APIGroups:${goList(rule.apiGroups ?? [])}`);
  if ((rule.resources ?? []).length) parts.push(`Resources:${goList(rule.resources ?? [])}`);
  if ((rule.nonResourceURLs ?? []).length)
    parts.push(`NonResourceURLs:${goList(rule.nonResourceURLs ?? [])}`);
  if ((rule.resourceNames ?? []).length)
    parts.push(`ResourceNames:${goList(rule.resourceNames ?? [])}`);
  if ((rule.verbs ?? []).length) parts.push(`Verbs:${goList(rule.verbs ?? [])}`);
  return `{${parts.join(', ')}}`;
}

/** CompactRules: simple rules on the same group, resource and name merge their verbs. */
function compact(rules: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple =
      !(r.nonResourceURLs ?? []).length &&
      (r.apiGroups ?? []).length === 1 &&
      (r.resources ?? []).length === 1 &&
      (r.resourceNames ?? []).length <= 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups, r.resources, r.resourceNames ?? []]);
    const existing = simple.get(key);
    if (existing) existing.verbs = [...(existing.verbs ?? []), ...(r.verbs ?? [])];
    else simple.set(key, structuredClone(r));
  }
  return [...out, ...simple.values()];
}

/** The rules the requesting user holds in `namespace` (RulesFor), and lookup errors. */
function ownerRules(
  ctx: StrategyContext,
  namespace: string,
): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRulesFor(ctx.user, namespace, ctx, (_s, rule, error) => {
    if (rule) rules.push(rule);
    if (error) errors.push(error);
    return true;
  });
  return { rules, errors };
}

/** ConfirmNoEscalation's message, or '' when the user holds every rule. */
export function escalationMessage(
  ctx: StrategyContext,
  namespace: string,
  rules: PolicyRule[],
): string {
  const owner = ownerRules(ctx, namespace);
  const missing = rules
    .flatMap(breakdown)
    .filter((sub) => !owner.rules.some((o) => ruleCovers(o, sub)));
  if (!missing.length) return '';
  const descriptions = [...new Set(compact(missing).map(compactString))].sort();
  let msg = `user ${JSON.stringify(ctx.user.username)} (groups=${goList(ctx.user.groups)}) is attempting to grant RBAC permissions not currently held:\n${descriptions.join('\n')}`;
  if (owner.errors.length) msg += `; resolution errors: [${owner.errors.join(' ')}]`;
  return msg;
}

const isPrivileged = (ctx: StrategyContext) => ctx.user.groups.includes(SYSTEM_MASTERS);

/** Role and ClusterRole writes: the rules must be held, unless the user may escalate. */
export function confirmNoEscalation(
  plural: 'roles' | 'clusterroles',
  obj: KubeObject,
  rules: PolicyRule[],
  ctx: StrategyContext,
): void {
  if (isPrivileged(ctx)) return;
  const namespace = obj.metadata.namespace ?? '';
  const attrs = {
    verb: 'escalate',
    group: RBAC_GROUP,
    version: 'v1',
    resource: plural,
    subresource: '',
    namespace,
    name: obj.metadata.name ?? '',
  };
  if (authorize(ctx.user, attrs, ctx).allowed) return;
  const msg = escalationMessage(ctx, namespace, rules);
  if (msg) throw forbidden({ group: RBAC_GROUP, resource: plural }, obj.metadata.name ?? '', msg);
}

/** RoleBinding and ClusterRoleBinding writes: the user may `bind` the role or holds its rules. */
export function confirmBindingAllowed(
  plural: 'rolebindings' | 'clusterrolebindings',
  obj: KubeObject,
  ctx: StrategyContext,
): void {
  if (isPrivileged(ctx)) return;
  const namespace = obj.metadata.namespace ?? '';
  const ref = obj.roleRef ?? {};
  const bind = {
    verb: 'bind',
    group: RBAC_GROUP,
    version: 'v1',
    resource: ref.kind === 'Role' ? 'roles' : 'clusterroles',
    subresource: '',
    namespace,
    name: ref.name ?? '',
  };
  if (authorize(ctx.user, bind, ctx).allowed) return;
  let rules: PolicyRule[];
  if (ref.kind === 'Role') {
    const role = ctx.get(RBAC_GROUP, 'roles', namespace, ref.name ?? '');
    if (!role) throw badRequest(`role.${RBAC_GROUP} ${JSON.stringify(ref.name ?? '')} not found`);
    rules = role.rules ?? [];
  } else if (ref.kind === 'ClusterRole') {
    const role = ctx.get(RBAC_GROUP, 'clusterroles', undefined, ref.name ?? '');
    if (!role)
      throw badRequest(`clusterrole.${RBAC_GROUP} ${JSON.stringify(ref.name ?? '')} not found`);
    rules = clusterRoleRules(role, ctx);
  } else {
    throw badRequest(`unsupported role reference kind: ${JSON.stringify(ref.kind ?? '')}`);
  }
  const msg = escalationMessage(ctx, namespace, rules);
  if (msg) throw forbidden({ group: RBAC_GROUP, resource: plural }, obj.metadata.name ?? '', msg);
}
