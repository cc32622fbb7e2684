/**
 * The resource admission plugins a real cluster runs on new Pods:
 * - LimitRanger (plugin/pkg/admission/limitranger): container defaults from the namespace's
 *   LimitRanges, the `kubernetes.io/limit-ranger` annotation, min/max/ratio enforcement;
 * - ResourceQuota (pkg/quota/v1/evaluator/core/pods.go and the quota admission controller):
 *   explicit requests/limits when a quota tracks them, and usage within `hard`.
 * Quota usage is computed from the namespace's live pods, as a synced quota controller would.
 */
import { forbidden } from '../api/errors';
import type { KubeObject } from '../api/object';
import { Quantity } from '../api/quantity';
import { quantityOf } from './quantity-fields';
import { isObj, type Obj, objs, str } from './spec-access';
import type { StrategyContext } from './types';

const PODS = { group: '', resource: 'pods' };
const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

type ResourceList = Record<string, string>;

const resources = (list: unknown): ResourceList => (isObj(list) ? (list as ResourceList) : {});
const q = (value: unknown) => quantityOf(value) ?? Quantity.zero();

/** mergeContainerResources: fill missing limits/requests; returns the annotation parts. */
function mergeContainerResources(
  c: Obj,
  defaults: { limits: ResourceList; requests: ResourceList },
  prefix: string,
): string[] {
  if (!isObj(c.resources)) c.resources = {};
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  for (const [key, kind, set] of [
    ['limits', defaults.limits, setLimits],
    ['requests', defaults.requests, setRequests],
  ] as const) {
    for (const [name, value] of Object.entries(kind)) {
      const current = resources(c.resources[key]);
      if (name in current) continue;
      c.resources[key] = { ...current, [name]: value };
      set.push(name);
    }
  }
  const parts: string[] = [];
  if (setRequests.length)
    parts.push(`${setRequests.sort().join(', ')} request for ${prefix} ${str(c.name)}`);
  if (setLimits.length)
    parts.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${str(c.name)}`);
  return parts;
}

function minConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
  limits: ResourceList,
): string | undefined {
  if (!(name in requests))
    return `minimum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (q(requests[name]).cmp(enforced) < 0)
    return `minimum ${name} usage per ${type} is ${enforced}, but request is ${q(requests[name])}`;
  if (name in limits && q(limits[name]).cmp(enforced) < 0)
    return `minimum ${name} usage per ${type} is ${enforced}, but limit is ${q(limits[name])}`;
  return undefined;
}

function maxConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
  limits: ResourceList,
): string | undefined {
  if (!(name in limits))
    return `maximum ${name} usage per ${type} is ${enforced}.  No limit is specified`;
  if (q(limits[name]).cmp(enforced) > 0)
    return `maximum ${name} usage per ${type} is ${enforced}, but limit is ${q(limits[name])}`;
  if (name in requests && q(requests[name]).cmp(enforced) > 0)
    return `maximum ${name} usage per ${type} is ${enforced}, but request is ${q(requests[name])}`;
  return undefined;
}

function ratioConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
  limits: ResourceList,
): string | undefined {
  const req = q(requests[name]);
  const lim = q(limits[name]);
  if (!(name in requests) || req.isZero()) {
    return `${name} max limit to request ratio per ${type} is ${enforced}, but no request is specified or request is 0`;
  }
  if (!(name in limits) || lim.isZero()) {
    return `${name} max limit to request ratio per ${type} is ${enforced}, but no limit is specified or limit is 0`;
  }
  const ratio = Number(lim.nanos) / Number(req.nanos);
  if (ratio * 1000 > enforced.milliValue()) {
    return `${name} max limit to request ratio per ${type} is ${enforced}, but provided ratio is ${ratio.toFixed(6)}`;
  }
  return undefined;
}

function containersOf(spec: Obj): Array<[Obj, string]> {
  return [
    ...objs(spec.containers).map((c) => [c, 'container'] as [Obj, string]),
    ...objs(spec.initContainers).map((c) => [c, 'init container'] as [Obj, string]),
  ];
}

/** Pod requests/limits: the sum of containers, or the largest init container if larger. */
function podTotals(spec: Obj, key: 'requests' | 'limits'): Map<string, Quantity> {
  const sum = new Map<string, Quantity>();
  for (const c of objs(spec.containers)) {
    for (const [name, value] of Object.entries(resources(c.resources?.[key])))
      sum.set(name, (sum.get(name) ?? Quantity.zero()).add(q(value)));
  }
  for (const c of objs(spec.initContainers)) {
    for (const [name, value] of Object.entries(resources(c.resources?.[key]))) {
      if (q(value).cmp(sum.get(name) ?? Quantity.zero()) > 0) sum.set(name, q(value));
    }
  }
  return sum;
}

/** LimitRanger Admit and Validate for a Pod being created. */
export function admitLimitRanges(pod: KubeObject, ctx: StrategyContext): void {
  const spec = pod.spec as Obj;
  const ranges = ctx.list('', 'limitranges', pod.metadata.namespace);
  for (const lr of ranges) {
    const defaults = { limits: {} as ResourceList, requests: {} as ResourceList };
    for (const item of objs(lr.spec?.limits)) {
      if (item.type !== 'Container') continue;
      Object.assign(defaults.requests, resources(item.defaultRequest));
      Object.assign(defaults.limits, resources(item.default));
    }
    const parts = containersOf(spec).flatMap(([c, prefix]) =>
      mergeContainerResources(c, defaults, prefix),
    );
    if (parts.length) {
      pod.metadata.annotations = {
        ...(pod.metadata.annotations ?? {}),
        [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${parts.join('; ')}`,
      };
    }
  }
  const errors: string[] = [];
  for (const lr of ranges) {
    for (const item of objs(lr.spec?.limits)) {
      const type = str(item.type);
      const check = (requests: ResourceList, limits: ResourceList) => {
        for (const [name, v] of Object.entries(resources(item.min)))
          errors.push(minConstraint(type, name, q(v), requests, limits) ?? '');
        for (const [name, v] of Object.entries(resources(item.max)))
          errors.push(maxConstraint(type, name, q(v), requests, limits) ?? '');
        for (const [name, v] of Object.entries(resources(item.maxLimitRequestRatio))) {
          errors.push(ratioConstraint(type, name, q(v), requests, limits) ?? '');
        }
      };
      if (type === 'Container') {
        for (const [c] of containersOf(spec))
          check(resources(c.resources?.requests), resources(c.resources?.limits));
      } else if (type === 'Pod') {
        const asList = (m: Map<string, Quantity>) =>
          Object.fromEntries([...m].map(([k, v]) => [k, v.toString()]));
        check(asList(podTotals(spec, 'requests')), asList(podTotals(spec, 'limits')));
      }
    }
  }
  const messages = errors.filter(Boolean);
  if (messages.length) {
    throw forbidden(
      PODS,
      pod.metadata.name ?? '',
      messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`,
    );
  }
}

const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];
/** Quota resources that every container must set explicitly once a quota tracks them. */
const EXPLICIT = [
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
];

/** podComputeUsageHelper over a pod: the quota resource names and their usage. */
function podUsage(spec: Obj): Map<string, Quantity> {
  const usage = new Map<string, Quantity>([
    ['pods', Quantity.fromValue(1)],
    ['count/pods', Quantity.fromValue(1)],
  ]);
  for (const [name, value] of podTotals(spec, 'requests')) {
    if (COMPUTE.includes(name)) usage.set(name, value);
    usage.set(`requests.${name}`, value);
  }
  for (const [name, value] of podTotals(spec, 'limits')) usage.set(`limits.${name}`, value);
  return usage;
}

/** The names a container's resources make usage for (to find missing explicit values). */
function containerUsageNames(c: Obj): Set<string> {
  const names = new Set<string>();
  for (const name of Object.keys(resources(c.resources?.requests))) {
    if (COMPUTE.includes(name)) names.add(name);
    names.add(`requests.${name}`);
  }
  for (const name of Object.keys(resources(c.resources?.limits))) names.add(`limits.${name}`);
  return names;
}

function isBestEffort(spec: Obj): boolean {
  return containersOf(spec).every(
    ([c]) =>
      Object.keys(resources(c.resources?.requests)).length +
        Object.keys(resources(c.resources?.limits)).length ===
      0,
  );
}

/** Whether a quota's scopes select the pod (BestEffort, NotBestEffort, Terminating, NotTerminating). */
function quotaMatches(quota: Obj, spec: Obj): boolean {
  const scopes: string[] = [
    ...(quota.spec?.scopes ?? []),
    ...objs(quota.spec?.scopeSelector?.matchExpressions).map((e) => str(e.scopeName)),
  ];
  return scopes.every((scope) => {
    switch (scope) {
      case 'BestEffort':
        return isBestEffort(spec);
      case 'NotBestEffort':
        return !isBestEffort(spec);
      case 'Terminating':
        return spec.activeDeadlineSeconds !== undefined;
      case 'NotTerminating':
        return spec.activeDeadlineSeconds === undefined;
      default:
        return true;
    }
  });
}

const prettyPrint = (m: Map<string, Quantity>) =>
  [...m]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** ResourceQuota admission for a Pod being created. */
export function admitResourceQuotas(pod: KubeObject, ctx: StrategyContext): void {
  const spec = pod.spec as Obj;
  const namespace = pod.metadata.namespace;
  const name = pod.metadata.name ?? '';
  const quotas = ctx.list('', 'resourcequotas', namespace).filter((rq) => quotaMatches(rq, spec));
  if (!quotas.length) return;
  const live = ctx
    .list('', 'pods', namespace)
    .filter((p) => p.metadata.name !== name && !['Succeeded', 'Failed'].includes(p.status?.phase));
  const requested = podUsage(spec);
  for (const rq of [...quotas].sort((a, b) =>
    str(a.metadata.name).localeCompare(str(b.metadata.name)),
  )) {
    const hard = new Map(
      Object.entries(resources(rq.spec?.hard)).map(([k, v]) => [k, q(v)] as [string, Quantity]),
    );
    const tracked = [...hard.keys()].filter(
      (k) =>
        requested.has(k) ||
        EXPLICIT.includes(k) ||
        k.startsWith('requests.') ||
        k.startsWith('limits.'),
    );
    if (!tracked.length) continue;
    const missing = new Map<string, string[]>();
    for (const [c] of containersOf(spec)) {
      const have = containerUsageNames(c);
      for (const resource of EXPLICIT.filter((r) => hard.has(r) && !have.has(r))) {
        missing.set(resource, [...(missing.get(resource) ?? []), str(c.name)]);
      }
    }
    if (missing.size) {
      const parts = [...missing.keys()]
        .sort()
        .map((r) => `${r} for: ${[...new Set(missing.get(r))].sort().join(',')}`);
      throw forbidden(
        PODS,
        name,
        `failed quota: ${str(rq.metadata.name)}: must specify ${parts.join('; ')}`,
      );
    }
    const used = new Map<string, Quantity>();
    for (const p of live.filter((p) => quotaMatches(rq, p.spec ?? {}))) {
      for (const [k, v] of podUsage(p.spec ?? {}))
        if (hard.has(k)) used.set(k, (used.get(k) ?? Quantity.zero()).add(v));
    }
    const exceeded = tracked.filter(
      (k) =>
        requested.has(k) &&
        (used.get(k) ?? Quantity.zero())
          .add(requested.get(k) as Quantity)
          .cmp(hard.get(k) as Quantity) > 0,
    );
    if (exceeded.length) {
      const mask = (m: Map<string, Quantity>) =>
        new Map(exceeded.map((k) => [k, m.get(k) ?? Quantity.zero()] as [string, Quantity]));
      throw forbidden(
        PODS,
        name,
        `exceeded quota: ${str(rq.metadata.name)}, requested: ${prettyPrint(mask(requested))}, used: ${prettyPrint(mask(used))}, limited: ${prettyPrint(mask(hard))}`,
      );
    }
  }
}
