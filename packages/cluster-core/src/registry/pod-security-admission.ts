/**
 * The PodSecurity admission plugin (k8s.io/pod-security-admission admission/admission.go, on by
 * default in kube-apiserver, no exemptions, defaults privileged:latest): the namespace's
 * pod-security.kubernetes.io/{enforce,audit,warn}[-version] labels decide whether a Pod is refused
 * (enforce) or accepted with a `Warning:` (warn); workload kinds only get the warning; a
 * namespace's labels are validated and tightening enforce warns about the pods already there.
 *
 * It runs after validation, so it lives in the definitions' validate hooks; warnings found there
 * are handed to the warnings hook of the same object (the hook gets no StrategyContext).
 */
import { forbidden } from '../api/errors';
import { type FieldError, invalidValue } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import {
  evaluatePodSecurity,
  forbiddenDetail,
  forbiddenReason,
  LATEST,
  type PodSecurityLevel,
  type PolicyMinor,
} from './pod-security-checks';
import type { ResourceDefinition, StrategyContext } from './types';

const PREFIX = 'pod-security.kubernetes.io/';
const LEVELS: PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

interface LevelVersion {
  level: PodSecurityLevel;
  minor: PolicyMinor;
  version: string;
}

interface Policy {
  enforce: LevelVersion;
  audit: LevelVersion;
  warn: LevelVersion;
}

const DEFAULT: LevelVersion = { level: 'privileged', minor: LATEST, version: 'latest' };
const label = (lv: LevelVersion) => `${lv.level}:${lv.version}`;

function parseVersion(value: string): LevelVersion['minor'] | undefined {
  if (value === 'latest') return LATEST;
  const m = /^v1\.([0-9]|[1-9][0-9]*)$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** api.PolicyToEvaluate: the policy and the label errors (fail-open for audit and warn). */
function policyOf(labels: Record<string, string> | undefined): {
  policy: Policy;
  errors: FieldError[];
} {
  const policy: Policy = { enforce: { ...DEFAULT }, audit: { ...DEFAULT }, warn: { ...DEFAULT } };
  const errors: FieldError[] = [];
  if (!labels) return { policy, errors };
  const path = (key: string) => `metadata.labels[${PREFIX}${key}]`;
  let hasEnforceLevel = false;
  let hasWarnLevel = false;
  let hasWarnVersion = false;
  for (const mode of ['enforce', 'audit', 'warn'] as const) {
    const level = labels[`${PREFIX}${mode}`];
    if (level !== undefined) {
      if (LEVELS.includes(level as PodSecurityLevel)) {
        policy[mode].level = level as PodSecurityLevel;
        if (mode === 'enforce') hasEnforceLevel = true;
      } else {
        errors.push(invalidValue(path(mode), level, `must be one of ${LEVELS.join(', ')}`));
        // enforce falls back to restricted, audit and warn fail open
        policy[mode].level = mode === 'enforce' ? 'restricted' : 'privileged';
      }
      if (mode === 'warn') hasWarnLevel = true;
    }
    const version = labels[`${PREFIX}${mode}-version`];
    if (version !== undefined) {
      const minor = parseVersion(version);
      if (minor === undefined)
        errors.push(invalidValue(path(`${mode}-version`), version, 'must be "latest" or "v1.x"'));
      policy[mode].minor = minor ?? LATEST;
      policy[mode].version = minor === undefined || minor === LATEST ? 'latest' : version;
      if (mode === 'warn') hasWarnVersion = true;
    }
  }
  // warn defaults to a stricter enforce level
  if (
    !hasWarnLevel &&
    hasEnforceLevel &&
    LEVELS.indexOf(policy.enforce.level) > LEVELS.indexOf(policy.warn.level)
  ) {
    policy.warn.level = policy.enforce.level;
    if (!hasWarnVersion) {
      policy.warn.minor = policy.enforce.minor;
      policy.warn.version = policy.enforce.version;
    }
  }
  return { policy, errors };
}

function namespacePolicy(namespace: string | undefined, ctx: StrategyContext): Policy {
  return policyOf(
    namespace ? ctx.get('', 'namespaces', undefined, namespace)?.metadata.labels : undefined,
  ).policy;
}

const pendingWarnings = new WeakMap<object, string[]>();

function warnFor(obj: KubeObject, warnings: string[]): void {
  if (warnings.length) pendingWarnings.set(obj, warnings);
}

/** EvaluatePod: throws the enforce Forbidden, or records the warn-level warning. */
function evaluate(
  obj: KubeObject,
  meta: KubeObject['metadata'],
  spec: unknown,
  ctx: StrategyContext,
  enforce: boolean,
): void {
  const policy = namespacePolicy(obj.metadata.namespace, ctx);
  if (enforce) {
    const failed = evaluatePodSecurity(policy.enforce.level, policy.enforce.minor, meta, spec);
    if (failed.length) {
      throw forbidden(
        { group: '', resource: 'pods' },
        obj.metadata.name ?? '',
        `violates PodSecurity ${JSON.stringify(label(policy.enforce))}: ${forbiddenDetail(failed)}`,
      );
    }
  }
  const warned = evaluatePodSecurity(policy.warn.level, policy.warn.minor, meta, spec);
  if (warned.length)
    warnFor(obj, [
      `would violate PodSecurity ${JSON.stringify(label(policy.warn))}: ${forbiddenDetail(warned)}`,
    ]);
}

/** isSignificantPodUpdate: container counts or images changed, or an ephemeral container came. */
function significantPodUpdate(pod: KubeObject, old: KubeObject): boolean {
  const images = (list: Array<{ name?: string; image?: string }> | undefined) =>
    (list ?? []).map((c) => c.image);
  const same = (a: unknown[], b: unknown[]) =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(images(pod.spec?.containers), images(old.spec?.containers))) return true;
  if (!same(images(pod.spec?.initContainers), images(old.spec?.initContainers))) return true;
  const oldEphemeral = new Map(
    (old.spec?.ephemeralContainers ?? []).map((c: { name: string; image?: string }) => [
      c.name,
      c.image,
    ]),
  );
  return (pod.spec?.ephemeralContainers ?? []).some(
    (c: { name: string; image?: string }) =>
      !oldEphemeral.has(c.name) || oldEphemeral.get(c.name) !== c.image,
  );
}

/** Where each workload kind keeps its pod template (DefaultPodSpecExtractor). */
const TEMPLATES: Record<
  string,
  (obj: KubeObject) => { metadata?: KubeObject['metadata']; spec?: unknown } | undefined
> = {
  '/replicationcontrollers': (o) => o.spec?.template,
  '/podtemplates': (o) => o.template,
  'apps/replicasets': (o) => o.spec?.template,
  'apps/deployments': (o) => o.spec?.template,
  'apps/statefulsets': (o) => o.spec?.template,
  'apps/daemonsets': (o) => o.spec?.template,
  'batch/jobs': (o) => o.spec?.template,
  'batch/cronjobs': (o) => o.spec?.jobTemplate?.spec?.template,
};

/** EvaluatePodsInNamespace: warnings about existing pods when enforce gets stricter. */
function existingPodWarnings(
  ns: KubeObject,
  enforce: LevelVersion,
  ctx: StrategyContext,
): string[] {
  const name = ns.metadata.name ?? '';
  // one pod per controller first, as prioritizePods does
  const pods = ctx.list('', 'pods', name);
  const seen = new Set<string>();
  const first: KubeObject[] = [];
  const rest: KubeObject[] = [];
  for (const pod of pods) {
    const owner = (pod.metadata.ownerReferences ?? []).find(
      (r: { controller?: boolean }) => r.controller,
    )?.uid;
    if (owner && seen.has(owner)) rest.push(pod);
    else {
      if (owner) seen.add(owner);
      first.push(pod);
    }
  }
  const counts = new Map<string, { pod: string; count: number }>();
  const order: string[] = [];
  for (const pod of [...first, ...rest]) {
    const failed = evaluatePodSecurity(enforce.level, enforce.minor, pod.metadata, pod.spec);
    if (!failed.length) continue;
    const reason = forbiddenReason(failed);
    const c = counts.get(reason);
    if (!c) {
      counts.set(reason, { pod: pod.metadata.name ?? '', count: 1 });
      order.push(reason);
    } else {
      c.count++;
      if ((pod.metadata.name ?? '') < c.pod) c.pod = pod.metadata.name ?? '';
    }
  }
  if (!order.length) return [];
  const decorated = order
    .map((reason) => {
      const { pod, count } = counts.get(reason) as { pod: string; count: number };
      if (count === 1) return `${pod}: ${reason}`;
      if (count === 2) return `${pod} (and 1 other pod): ${reason}`;
      return `${pod} (and ${count - 1} other pods): ${reason}`;
    })
    .sort();
  return [
    `existing pods in namespace ${JSON.stringify(name)} violate the new PodSecurity enforce level ${JSON.stringify(label(enforce))}`,
    ...decorated,
  ];
}

function namespaceHooks(def: ResourceDefinition): ResourceDefinition {
  return {
    ...def,
    validate(obj, ctx) {
      const errs = def.validate?.(obj, ctx) ?? [];
      const current = ctx.get('', 'namespaces', undefined, obj.metadata.name ?? '');
      // a create; updates are checked with the old labels in validateUpdate
      if (!current || current.metadata.uid !== obj.metadata.uid)
        errs.push(...policyOf(obj.metadata.labels).errors);
      return errs;
    },
    validateUpdate(obj, old, ctx) {
      const errs = def.validateUpdate?.(obj, old, ctx) ?? [];
      const next = policyOf(obj.metadata.labels);
      const prev = policyOf(old.metadata.labels);
      if (
        next.errors.length &&
        (!prev.errors.length ||
          JSON.stringify(next.errors.map((e) => e.message())) !==
            JSON.stringify(prev.errors.map((e) => e.message())))
      ) {
        return [...errs, ...next.errors];
      }
      const a = next.policy.enforce;
      const b = prev.policy.enforce;
      const same = a.level === b.level && a.version === b.version;
      const looser = a.version === b.version && LEVELS.indexOf(a.level) <= LEVELS.indexOf(b.level);
      if (!errs.length && !same && a.level !== 'privileged' && !looser)
        warnFor(obj, existingPodWarnings(obj, a, ctx));
      return errs;
    },
  };
}

function podHooks(def: ResourceDefinition): ResourceDefinition {
  return {
    ...def,
    validate(obj, ctx) {
      const errs = def.validate?.(obj, ctx) ?? [];
      const current = ctx.get('', 'pods', obj.metadata.namespace, obj.metadata.name ?? '');
      if (!errs.length && (!current || current.metadata.uid !== obj.metadata.uid))
        evaluate(obj, obj.metadata, obj.spec, ctx, true);
      return errs;
    },
    validateUpdate(obj, old, ctx) {
      const errs = def.validateUpdate?.(obj, old, ctx) ?? [];
      if (!errs.length && significantPodUpdate(obj, old))
        evaluate(obj, obj.metadata, obj.spec, ctx, true);
      return errs;
    },
  };
}

function workloadHooks(
  def: ResourceDefinition,
  template: (obj: KubeObject) => { metadata?: KubeObject['metadata']; spec?: unknown } | undefined,
): ResourceDefinition {
  return {
    ...def,
    validate(obj, ctx) {
      const errs = def.validate?.(obj, ctx) ?? [];
      const t = template(obj);
      if (!errs.length && t) evaluate(obj, t.metadata ?? {}, t.spec ?? {}, ctx, false);
      return errs;
    },
  };
}

/** Adds the plugin to the kinds it admits; every other definition is returned as it is. */
export function withPodSecurityAdmission(def: ResourceDefinition): ResourceDefinition {
  const key = `${def.group}/${def.plural}`;
  let wrapped: ResourceDefinition;
  if (key === '/namespaces') wrapped = namespaceHooks(def);
  else if (key === '/pods') wrapped = podHooks(def);
  else if (TEMPLATES[key]) wrapped = workloadHooks(def, TEMPLATES[key]);
  else return def;
  return {
    ...wrapped,
    warnings(obj, old) {
      const own = def.warnings?.(obj, old) ?? [];
      const admission = pendingWarnings.get(obj) ?? [];
      pendingWarnings.delete(obj);
      return [...own, ...admission];
    },
  };
}
