/**
 * The ValidatingAdmissionPolicy admission plugin (k8s.io/apiserver admission/plugin/policy:
 * generic/policy_dispatcher.go CollectParams, validating/dispatcher.go, validator.go): every
 * policy whose matchConstraints select the request is evaluated once per matching binding and
 * per param; a failed validation is denied, warned (`Warning:` header) or audited as the
 * binding's validationActions say, with upstream's messages and status codes.
 */
import { StatusError, type StatusReason } from '../api/errors';
import type { KubeObject } from '../api/object';
import { compile, fromCel, runtimeError, toCel } from './admission-policy-cel';
import {
  type MatchResources,
  matchingResources,
  matchResourcesMatch,
} from './admission-policy-matching';
import { CelAuthorizer, CelResourceCheck } from './cel-kubernetes-libraries';
import { selectorMatches } from './label-validation';
import type { AdmissionRequest, StrategyContext } from './types';

const GROUP = 'admissionregistration.k8s.io';
/** celconfig.MaxEvaluatedMessageExpressionSizeBytes */
const MAX_MESSAGE_BYTES = 5 * 1024;
const REASON_CODES: Record<string, number> = {
  Forbidden: 403,
  Unauthorized: 401,
  RequestEntityTooLarge: 413,
  Invalid: 422,
};

interface Decision {
  deny: boolean;
  message: string;
  reason?: string;
}

interface Denied extends Decision {
  policy: string;
  binding?: string;
}

/** A configuration error of a policy or binding (addConfigError), its message or nothing. */
class ConfigError extends Error {}

/** request as CEL sees it (cel.CreateAdmissionRequest). */
function admissionRequest(req: AdmissionRequest, ctx: StrategyContext): Record<string, unknown> {
  const user: Record<string, unknown> = { username: ctx.user.username, groups: ctx.user.groups };
  if (ctx.user.uid) user.uid = ctx.user.uid;
  if (ctx.user.extra) user.extra = ctx.user.extra;
  return {
    kind: req.kind,
    resource: req.resource,
    subResource: req.subResource,
    requestKind: req.requestKind ?? req.kind,
    requestResource: req.requestResource ?? req.resource,
    requestSubResource: req.subResource,
    name: req.name,
    namespace: req.namespace,
    operation: req.operation,
    userInfo: user,
    dryRun: req.dryRun,
  };
}

/** cel.CreateNamespaceObject: the namespace's metadata (no managedFields), spec and status. */
function namespaceObject(ns: KubeObject | undefined): unknown {
  if (!ns) return null;
  const { managedFields: _, ...metadata } = ns.metadata;
  return { metadata, spec: ns.spec ?? {}, status: ns.status ?? {} };
}

/** generic.CollectParams: the params a binding selects for this request. */
function collectParams(
  policy: KubeObject,
  binding: KubeObject,
  req: AdmissionRequest,
  ctx: StrategyContext,
): Array<KubeObject | null> {
  const paramKind = policy.spec?.paramKind;
  const paramRef = binding.spec?.paramRef;
  if (!paramKind || !paramRef) return [null];
  const [group, version] = String(paramKind.apiVersion ?? '').includes('/')
    ? String(paramKind.apiVersion).split('/')
    : ['', String(paramKind.apiVersion ?? '')];
  const mapping = ctx.mapping?.({ group, version, kind: paramKind.kind });
  if (!mapping) {
    throw new ConfigError(
      `failed to find resource referenced by paramKind: '${paramKind.apiVersion}, Kind=${paramKind.kind}'`,
    );
  }
  let namespace: string | undefined;
  if (mapping.namespaced) {
    namespace = paramRef.namespace || req.namespace;
    if (!namespace) {
      throw new ConfigError(
        'cannot use namespaced paramRef in policy binding that matches cluster-scoped resources',
      );
    }
  } else if (paramRef.namespace) {
    throw new ConfigError(
      'paramRef.namespace must not be provided for a cluster-scoped `paramKind`',
    );
  }
  let params: KubeObject[];
  if (paramRef.name) {
    const found = ctx.get(mapping.group, mapping.plural, namespace, paramRef.name);
    params = found ? [found] : [];
  } else if (paramRef.selector) {
    params = ctx
      .list(mapping.group, mapping.plural, namespace)
      .filter((p) => selectorMatches(paramRef.selector, p.metadata.labels ?? {}));
  } else throw new ConfigError('one of name or selector must be provided');
  if (!params.length && paramRef.parameterNotFoundAction === 'Deny')
    throw new ConfigError('no params found for policy binding with `Deny` parameterNotFoundAction');
  return params;
}

/** The CEL variables of one evaluation, with spec.variables computed when first read. */
function activation(
  policy: KubeObject,
  req: AdmissionRequest,
  param: KubeObject | null,
  ns: unknown,
  ctx: StrategyContext,
): Record<string, unknown> {
  const hasParams = policy.spec?.paramKind != null;
  const vars = toCel({
    object: req.object,
    oldObject: req.oldObject,
    request: admissionRequest(req, ctx),
    namespaceObject: ns,
    params: param,
  }) as Record<string, unknown>;
  const authorizer = new CelAuthorizer(
    (user, check) => ctx.authorize?.(user, check) ?? { allowed: true },
    ctx.user,
  );
  authorizer.requestResource = new CelResourceCheck(authorizer, {
    group: req.resource.group,
    resource: req.resource.resource,
    subresource: req.subResource,
    namespace: req.namespace,
    name: req.name,
  });
  vars.authorizer = authorizer;
  const variables: Record<string, unknown> = {};
  vars.variables = variables;
  for (const v of policy.spec?.variables ?? []) {
    let done = false;
    let value: unknown;
    Object.defineProperty(variables, v.name, {
      enumerable: true,
      get() {
        if (!done) {
          const c = compile(v.expression ?? '', hasParams);
          if (!c.run)
            throw new Error(`composited variable "${v.name}" fails to compile: ${c.error}`);
          value = c.run(vars);
          done = true;
        }
        return value;
      },
    });
  }
  return vars;
}

/** Runs one expression: its value, or the error text validator.go reports. */
function evaluate(
  expression: string,
  hasParams: boolean,
  vars: Record<string, unknown>,
): { value?: unknown; error?: string } {
  const c = compile(expression, hasParams);
  if (!c.run) return { error: `compilation error: ${c.error}` };
  try {
    return { value: c.run(vars) };
  } catch (err) {
    return { error: `expression '${expression}' resulted in error: ${runtimeError(err)}` };
  }
}

/** validator.Validate: the decisions of one policy for one param. */
function validate(policy: KubeObject, vars: Record<string, unknown>): Decision[] {
  const spec = policy.spec ?? {};
  const hasParams = spec.paramKind != null;
  const fail = (spec.failurePolicy ?? 'Fail') !== 'Ignore';
  const onError = (message: string): Decision[] => (fail ? [{ deny: true, message }] : []);
  // matchConditions: any false skips the policy; errors (without a false) follow failurePolicy
  const conditionErrors: string[] = [];
  for (const mc of spec.matchConditions ?? []) {
    const r = evaluate(mc.expression ?? '', hasParams, { ...vars, namespaceObject: null });
    if (r.error) conditionErrors.push(r.error);
    else if (r.value === false) return [];
  }
  if (conditionErrors.length)
    return onError(
      conditionErrors.length === 1 ? conditionErrors[0] : `[${conditionErrors.join(', ')}]`,
    );
  const decisions: Decision[] = [];
  for (const v of spec.validations ?? []) {
    const r = evaluate(v.expression ?? '', hasParams, vars);
    if (r.error) {
      decisions.push(...onError(r.error));
      continue;
    }
    if (r.value === true) continue;
    let message = '';
    if (v.messageExpression) {
      const m = evaluate(v.messageExpression, hasParams, vars);
      if (typeof m.value === 'string') {
        message = m.value.trim();
        if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES || /\n/.test(message)) message = '';
      }
    }
    if (!message && v.message) message = String(v.message).trim();
    if (!message) message = `failed expression: ${String(v.expression).trim()}`;
    decisions.push({ deny: true, message, reason: v.reason ?? 'Invalid' });
  }
  // auditAnnotations: values go to the audit log (none here); errors deny under failurePolicy Fail
  for (const a of spec.auditAnnotations ?? []) {
    const r = evaluate(a.valueExpression ?? '', hasParams, vars);
    const value = fromCel(r.value);
    if (r.error) decisions.push(...onError(r.error));
    else if (typeof value !== 'string' && value !== null && value !== undefined) {
      decisions.push({
        deny: true,
        message: `valueExpression '${a.valueExpression}' resulted in unsupported return type: ${typeof value === 'boolean' ? 'bool' : typeof value === 'number' ? 'int' : 'map'}. Return type must be either string or null.`,
      });
    }
  }
  return decisions;
}

function deniedError(d: Denied, req: AdmissionRequest): StatusError {
  const message = d.binding
    ? `ValidatingAdmissionPolicy '${d.policy}' with binding '${d.binding}' denied request: ${d.message}`
    : `ValidatingAdmissionPolicy '${d.policy}' denied request: ${d.message}`;
  const reason = (d.reason || 'Invalid') as StatusReason;
  const name = req.name || (req.object?.metadata?.generateName as string | undefined) || 'Unknown';
  const qualified = req.resource.group
    ? `${req.resource.resource}.${req.resource.group}`
    : req.resource.resource;
  // admission.NewForbidden, then the reason and code of the decision
  return new StatusError(
    REASON_CODES[reason] ?? 422,
    reason,
    `${qualified} "${name}" is forbidden: ${message}`,
    {
      name,
      group: req.resource.group || undefined,
      kind: req.resource.resource,
      causes: [{ message }],
    },
  );
}

/** The plugin: throws the first denial, adds a warning per Warn decision. */
export function admitWithPolicies(req: AdmissionRequest, ctx: StrategyContext): void {
  // IsExemptAdmissionConfigurationResource: policies never guard their own configuration
  if (req.kind.group === GROUP) return;
  const bindings = ctx.list(GROUP, 'validatingadmissionpolicybindings');
  if (!bindings.length) return;
  const byPolicy = new Map<string, KubeObject[]>();
  for (const b of bindings) {
    const name = b.spec?.policyName ?? '';
    byPolicy.set(name, [...(byPolicy.get(name) ?? []), b]);
  }
  const denied: Denied[] = [];
  for (const [policyName, policyBindings] of [...byPolicy].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const policy = ctx.get(GROUP, 'validatingadmissionpolicies', undefined, policyName);
    if (!policy) continue;
    const spec = policy.spec ?? {};
    const configError = (message: string, binding?: string) => {
      if ((spec.failurePolicy ?? 'Fail') === 'Ignore') return;
      const prefix = binding ? 'failed to configure binding' : 'failed to configure policy';
      denied.push({ deny: true, message: `${prefix}: ${message}`, policy: policyName, binding });
    };
    if (!spec.matchConstraints) {
      configError('policy contained no match constraints, a required field');
      continue;
    }
    // the policy sees the object in the version its rules matched (matchKind)
    const matched = matchingResources(spec.matchConstraints as MatchResources, req, ctx);
    if (!matched) continue;
    const ns =
      req.namespace && !(req.kind.group === '' && req.kind.kind === 'Namespace')
        ? namespaceObject(ctx.get('', 'namespaces', undefined, req.namespace))
        : null;
    const ordered = policyBindings.sort((a, b) =>
      (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1,
    );
    for (const binding of ordered) {
      const bindingName = binding.metadata.name ?? '';
      const mr = binding.spec?.matchResources as MatchResources | undefined;
      if (mr && !matchResourcesMatch(mr, req, ctx)) continue;
      let params: Array<KubeObject | null>;
      try {
        params = collectParams(policy, binding, req, ctx);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        configError(err.message, bindingName);
        continue;
      }
      const actions: string[] = binding.spec?.validationActions ?? [];
      for (const param of params) {
        for (const d of validate(policy, activation(policy, matched, param, ns, ctx))) {
          if (!d.deny) continue;
          if (actions.includes('Deny'))
            denied.push({ ...d, policy: policyName, binding: bindingName });
          if (actions.includes('Warn'))
            req.warnings.push(
              `Validation failed for ValidatingAdmissionPolicy '${policyName}' with binding '${bindingName}': ${d.message}`,
            );
          // Audit: the failure goes to the request's audit event, which this cluster does not log
        }
      }
    }
  }
  if (denied.length) throw deniedError(denied[0], req);
}
