/**
 * MatchResources of ValidatingAdmissionPolicies and their bindings: defaults
 * (admissionregistration/v1 SetDefaults_MatchResources), validation
 * (pkg/apis/admissionregistration/validation validateMatchResources, validateRuleWithOperations)
 * and matching a request (k8s.io/apiserver admission/plugin/policy/matching and the webhook
 * predicates: namespace selector, object selector, rules).
 */
import { notFound } from '../api/errors';
import {
  duplicate,
  type FieldError,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isPathSegmentName } from './ingresses';
import { selectorMatches, validateLabelSelector } from './label-validation';
import type { AdmissionRequest, StrategyContext } from './types';

const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const MATCH_POLICIES = ['Equivalent', 'Exact'];
const SCOPES = ['*', 'Cluster', 'Namespaced'];

interface Rule {
  apiGroups?: string[];
  apiVersions?: string[];
  resources?: string[];
  operations?: string[];
  resourceNames?: string[];
  scope?: string;
}

export interface MatchResources {
  namespaceSelector?: unknown;
  objectSelector?: unknown;
  resourceRules?: Rule[];
  excludeResourceRules?: Rule[];
  matchPolicy?: string;
}

/** SetDefaults_MatchResources and SetDefaults_Rule. */
export function defaultMatchResources(mc: MatchResources | undefined): void {
  if (!mc) return;
  mc.matchPolicy ??= 'Equivalent';
  mc.namespaceSelector ??= {};
  mc.objectSelector ??= {};
  for (const rule of [...(mc.resourceRules ?? []), ...(mc.excludeResourceRules ?? [])])
    rule.scope ??= '*';
}

const hasWildcard = (items: string[]) => items.includes('*');

/** validateResources (subresources allowed). */
function validateResources(resources: string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!resources.length) errs.push(required(path));
  const wildcardSubresourcesOf = new Set<string>();
  const wildcardResourceFor = new Set<string>();
  let doubleWildcard = false;
  let singleWildcard = false;
  let withoutSubresource = false;
  resources.forEach((resSub, i) => {
    if (resSub === '') {
      errs.push(required(`${path}[${i}]`));
      return;
    }
    if (resSub === '*/*') doubleWildcard = true;
    if (resSub === '*') singleWildcard = true;
    const slash = resSub.indexOf('/');
    if (slash < 0) {
      withoutSubresource = resSub !== '*';
      return;
    }
    const res = resSub.slice(0, slash);
    const sub = resSub.slice(slash + 1);
    if (wildcardSubresourcesOf.has(res))
      errs.push(
        invalidValue(
          `${path}[${i}]`,
          resSub,
          `if '${res}/*' is present, must not specify ${resSub}`,
        ),
      );
    if (wildcardResourceFor.has(sub))
      errs.push(
        invalidValue(
          `${path}[${i}]`,
          resSub,
          `if '*/${sub}' is present, must not specify ${resSub}`,
        ),
      );
    if (sub === '*') wildcardSubresourcesOf.add(res);
    if (res === '*') wildcardResourceFor.add(sub);
  });
  if (resources.length > 1 && doubleWildcard)
    errs.push(
      invalidValue(path, resources, "if '*/*' is present, must not specify other resources"),
    );
  if (singleWildcard && withoutSubresource)
    errs.push(
      invalidValue(
        path,
        resources,
        "if '*' is present, must not specify other resources without subresources",
      ),
    );
  return errs;
}

/** validateNamedRuleWithOperations. */
function validateRule(rule: Rule, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (rule.resourceNames ?? []).forEach((name, i) => {
    for (const msg of isPathSegmentName(name))
      errs.push(invalidValue(`${path}.resourceNames[${i}]`, name, msg));
    if (names.has(name)) errs.push(duplicate(`${path}.resourceNames[${i}]`, name));
    names.add(name);
  });
  const operations = rule.operations ?? [];
  if (!operations.length) errs.push(required(`${path}.operations`));
  if (operations.length > 1 && hasWildcard(operations))
    errs.push(
      invalidValue(
        `${path}.operations`,
        operations,
        "if '*' is present, must not specify other operations",
      ),
    );
  operations.forEach((op, i) => {
    if (!OPERATIONS.includes(op))
      errs.push(notSupported(`${path}.operations[${i}]`, op, OPERATIONS));
  });
  const groups = rule.apiGroups ?? [];
  if (!groups.length) errs.push(required(`${path}.apiGroups`));
  if (groups.length > 1 && hasWildcard(groups))
    errs.push(
      invalidValue(
        `${path}.apiGroups`,
        groups,
        "if '*' is present, must not specify other API groups",
      ),
    );
  const versions = rule.apiVersions ?? [];
  if (!versions.length) errs.push(required(`${path}.apiVersions`));
  if (versions.length > 1 && hasWildcard(versions))
    errs.push(
      invalidValue(
        `${path}.apiVersions`,
        versions,
        "if '*' is present, must not specify other API versions",
      ),
    );
  versions.forEach((v, i) => {
    if (v === '') errs.push(required(`${path}.apiVersions[${i}]`));
  });
  errs.push(...validateResources(rule.resources ?? [], `${path}.resources`));
  if (rule.scope != null && !SCOPES.includes(rule.scope))
    errs.push(notSupported(`${path}.scope`, rule.scope, SCOPES));
  return errs;
}

/** validateMatchResources (after defaulting, so the selectors and matchPolicy are set). */
export function validateMatchResources(mc: MatchResources | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!mc) return errs;
  if (mc.matchPolicy == null) errs.push(required(`${path}.matchPolicy`));
  else if (!MATCH_POLICIES.includes(mc.matchPolicy))
    errs.push(notSupported(`${path}.matchPolicy`, mc.matchPolicy, MATCH_POLICIES));
  if (mc.namespaceSelector == null) errs.push(required(`${path}.namespaceSelector`));
  else errs.push(...validateLabelSelector(mc.namespaceSelector, `${path}.namespaceSelector`));
  if (mc.objectSelector == null) errs.push(required(`${path}.objectSelector`));
  else errs.push(...validateLabelSelector(mc.objectSelector, `${path}.objectSelector`));
  (mc.resourceRules ?? []).forEach((r, i) => {
    errs.push(...validateRule(r, `${path}.resourceRules[${i}]`));
  });
  (mc.excludeResourceRules ?? []).forEach((r, i) => {
    errs.push(...validateRule(r, `${path}.excludeResourceRules[${i}]`));
  });
  return errs;
}

const exactOrWildcard = (items: string[] | undefined, value: string) =>
  (items ?? []).some((i) => i === '*' || i === value);

/** rules.Matcher.Matches plus resourceNames (matching.matchesResourceRules). */
function ruleMatches(rule: Rule, req: AdmissionRequest): boolean {
  const isNamespace = req.resource.group === '' && req.resource.resource === 'namespaces';
  const scope = rule.scope ?? '*';
  if (scope === 'Namespaced' && (isNamespace || !req.namespaced)) return false;
  if (scope === 'Cluster' && !isNamespace && req.namespaced) return false;
  if (!(rule.operations ?? []).some((op) => op === '*' || op === req.operation)) return false;
  if (!exactOrWildcard(rule.apiGroups, req.resource.group)) return false;
  if (!exactOrWildcard(rule.apiVersions, req.resource.version)) return false;
  const resourceMatch = (rule.resources ?? []).some((resSub) => {
    const slash = resSub.indexOf('/');
    const res = slash < 0 ? resSub : resSub.slice(0, slash);
    const sub = slash < 0 ? '' : resSub.slice(slash + 1);
    return (
      (res === '*' || res === req.resource.resource) && (sub === '*' || sub === req.subResource)
    );
  });
  if (!resourceMatch) return false;
  const names = rule.resourceNames ?? [];
  return !names.length || names.includes(req.name);
}

function labelsOf(obj: KubeObject | null): Record<string, string> | undefined {
  return obj?.metadata?.labels;
}

function selectorIsEmpty(selector: unknown): boolean {
  const s = (selector ?? {}) as { matchLabels?: object; matchExpressions?: unknown[] };
  return !Object.keys(s.matchLabels ?? {}).length && !(s.matchExpressions ?? []).length;
}

/**
 * matchesResourceRules: the request when a rule names its resource; else, under
 * `matchPolicy: Equivalent`, the first equivalent resource (another version) a rule names.
 */
function matchingRequest(
  rules: Rule[],
  matchPolicy: string | undefined,
  req: AdmissionRequest,
): AdmissionRequest | undefined {
  if (rules.some((r) => ruleMatches(r, req))) return req;
  if (matchPolicy !== 'Equivalent') return undefined;
  return req.equivalents().find((eq) => rules.some((r) => ruleMatches(r, eq)));
}

/**
 * Which form of the request a MatchResources selects (matching.Matcher.Matches): the request
 * itself, an equivalent resource's (the policy then sees the object in that version), or none.
 * Cluster-scoped objects other than namespaces always pass the namespace selector; a request in
 * a namespace that does not exist is its 404, as the webhook namespace matcher answers.
 */
export function matchingResources(
  mc: MatchResources,
  req: AdmissionRequest,
  ctx: StrategyContext,
): AdmissionRequest | undefined {
  const isNamespace = req.resource.group === '' && req.resource.resource === 'namespaces';
  if ((req.namespace || isNamespace) && !selectorIsEmpty(mc.namespaceSelector)) {
    let labels: Record<string, string> | undefined;
    if (isNamespace) labels = labelsOf(req.object ?? req.oldObject);
    else {
      const ns = ctx.get('', 'namespaces', undefined, req.namespace);
      if (!ns) throw notFound({ group: '', resource: 'namespaces' }, req.namespace);
      labels = ns.metadata.labels;
    }
    if (!selectorMatches(mc.namespaceSelector, labels ?? {})) return undefined;
  }
  if (
    !selectorIsEmpty(mc.objectSelector) &&
    !(req.object && selectorMatches(mc.objectSelector, labelsOf(req.object) ?? {})) &&
    !(req.oldObject && selectorMatches(mc.objectSelector, labelsOf(req.oldObject) ?? {}))
  )
    return undefined;
  if (matchingRequest(mc.excludeResourceRules ?? [], mc.matchPolicy, req)) return undefined;
  const rules = mc.resourceRules ?? [];
  return rules.length ? matchingRequest(rules, mc.matchPolicy, req) : req;
}

/** Whether a MatchResources selects the request, in any form. */
export function matchResourcesMatch(
  mc: MatchResources,
  req: AdmissionRequest,
  ctx: StrategyContext,
): boolean {
  return matchingResources(mc, req, ctx) !== undefined;
}
