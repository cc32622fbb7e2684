/**
 * core/v1 ResourceQuota: pkg/registry/core/resourcequota (status only through its
 * subresource), ValidateResourceQuota / ValidateResourceQuotaUpdate, printers.go
 * printResourceQuota (REQUEST and LIMIT from status.hard and status.used).
 */
import { type FieldError, invalidValue, required } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import {
  canonicalizeResourceList,
  quantityOf,
  quantityString,
  validateResourceQuantityValue,
} from './quantity-fields';
import { isStandardQuotaResourceName, validateQuotaResourceName } from './resource-names';
import type { ResourceDefinition } from './types';

const SCOPES = [
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
  'VolumeAttributesClass',
];
const POD_OBJECT_COUNT = new Set(['pods', 'count/pods']);
const POD_COMPUTE = new Set([
  'cpu',
  'memory',
  'limits.cpu',
  'limits.memory',
  'requests.cpu',
  'requests.memory',
  'ephemeral-storage',
  'requests.ephemeral-storage',
  'limits.ephemeral-storage',
]);
const PVC_RESOURCES = new Set([
  'persistentvolumeclaims',
  'count/persistentvolumeclaims',
  'requests.storage',
]);

/** helper.IsResourceQuotaScopeValidForResource */
function scopeValidFor(scope: string, resource: string): boolean {
  switch (scope) {
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
    case 'PriorityClass':
    case 'CrossNamespacePodAffinity':
      return POD_OBJECT_COUNT.has(resource) || POD_COMPUTE.has(resource);
    case 'BestEffort':
      return POD_OBJECT_COUNT.has(resource);
    case 'VolumeAttributesClass':
      return PVC_RESOURCES.has(resource);
    default:
      return false;
  }
}

const CONFLICTS: [string, string][] = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
];

function validateResourceList(list: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries((list ?? {}) as Record<string, unknown>)) {
    errs.push(...validateQuotaResourceName(k, `${path}[${k}]`));
    const q = quantityOf(v);
    if (q) errs.push(...validateResourceQuantityValue(k, q, `${path}[${k}]`));
  }
  return errs;
}

function validateScopes(spec: KubeObject['spec']): FieldError[] {
  const errs: FieldError[] = [];
  const scopes: string[] = spec?.scopes ?? [];
  if (scopes.length === 0) return errs;
  const hard = Object.keys(spec?.hard ?? {}).sort();
  for (const scope of scopes) {
    if (!SCOPES.includes(scope))
      errs.push(invalidValue('spec.scopes', scopes, 'unsupported scope'));
    for (const r of hard) {
      if (isStandardQuotaResourceName(r) && !scopeValidFor(scope, r)) {
        errs.push(invalidValue('spec.scopes', scopes, 'unsupported scope applied to resource'));
      }
    }
  }
  for (const [a, b] of CONFLICTS) {
    if (scopes.includes(a) && scopes.includes(b))
      errs.push(invalidValue('spec.scopes', scopes, 'conflicting scopes'));
  }
  return errs;
}

function validateScopeSelector(spec: KubeObject['spec']): FieldError[] {
  const errs: FieldError[] = [];
  const exprs: { scopeName?: string; operator?: string; values?: string[] }[] =
    spec?.scopeSelector?.matchExpressions ?? [];
  const path = 'spec.scopeSelector.matchExpressions';
  const hard = Object.keys(spec?.hard ?? {}).sort();
  const seen = new Set<string>();
  for (const req of exprs) {
    const scope = req.scopeName ?? '';
    if (!SCOPES.includes(scope))
      errs.push(invalidValue(`${path}.scopeName`, scope, 'unsupported scope'));
    for (const r of hard) {
      if (isStandardQuotaResourceName(r) && !scopeValidFor(scope, r)) {
        errs.push(invalidValue(path, spec.scopeSelector, 'unsupported scope applied to resource'));
      }
    }
    if (
      [
        'BestEffort',
        'NotBestEffort',
        'Terminating',
        'NotTerminating',
        'CrossNamespacePodAffinity',
      ].includes(scope) &&
      req.operator !== 'Exists'
    ) {
      errs.push(
        invalidValue(
          `${path}.operator`,
          req.operator ?? '',
          "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
        ),
      );
    }
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (!(req.values ?? []).length) {
          errs.push(
            required(
              `${path}.values`,
              "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
            ),
          );
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if ((req.values ?? []).length) {
          errs.push(
            invalidValue(
              `${path}.values`,
              req.values,
              "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
            ),
          );
        }
        break;
      default:
        errs.push(
          invalidValue(`${path}.operator`, req.operator ?? '', 'not a valid selector operator'),
        );
    }
    seen.add(scope);
  }
  for (const [a, b] of CONFLICTS) {
    if (seen.has(a) && seen.has(b))
      errs.push(invalidValue(path, spec?.scopes ?? null, 'conflicting scopes'));
  }
  return errs;
}

/** printResourceQuota: "resource: used/hard" pairs, limits.* in LIMIT, the rest in REQUEST. */
export function quotaColumns(obj: KubeObject): [string, string] {
  const hard = (obj.status?.hard ?? {}) as Record<string, unknown>;
  const used = (obj.status?.used ?? {}) as Record<string, unknown>;
  const request: string[] = [];
  const limit: string[] = [];
  for (const r of Object.keys(hard).sort()) {
    const text = `${r}: ${quantityString(used[r])}/${quantityString(hard[r])}`;
    const pieces = r.split('.');
    (pieces.length > 1 && pieces[0] === 'limits' ? limit : request).push(text);
  }
  return [request.join(', '), limit.join(', ')];
}

export const resourceQuotas: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'ResourceQuota',
  plural: 'resourcequotas',
  namespaced: true,
  quota: { legacyCount: 'resourcequotas' },
  shortNames: ['quota'],
  statusSubresource: true,
  defaults(obj) {
    canonicalizeResourceList(obj.spec?.hard, 'ResourceQuota');
    canonicalizeResourceList(obj.status?.hard, 'ResourceQuota');
    canonicalizeResourceList(obj.status?.used, 'ResourceQuota');
  },
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate(obj) {
    return [
      ...validateResourceList(obj.spec?.hard, 'spec.hard'),
      ...validateScopes(obj.spec),
      ...validateScopeSelector(obj.spec),
      ...validateResourceList(obj.status?.hard, 'status.hard'),
      ...validateResourceList(obj.status?.used, 'status.used'),
    ];
  },
  validateUpdate(obj, old) {
    const a = new Set<string>(obj.spec?.scopes ?? []);
    const b = new Set<string>(old.spec?.scopes ?? []);
    if (a.size !== b.size || [...a].some((s) => !b.has(s))) {
      return [invalidValue('spec.scopes', obj.spec?.scopes ?? null, 'field is immutable')];
    }
    return [];
  },
  columns: [
    NAME_COLUMN,
    {
      name: 'Request',
      type: 'string',
      description: 'Used and hard amounts of the requested resources.',
    },
    {
      name: 'Limit',
      type: 'string',
      description: 'Used and hard amounts of the limited resources.',
    },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [obj.metadata.name, ...quotaColumns(obj), age(obj, ctx)],
};
