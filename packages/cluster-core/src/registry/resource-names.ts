/**
 * Resource-name rules of pkg/apis/core/helper and validation: standard names, quota names,
 * limit range types, container resource names.
 */
import { type FieldError, invalidValue } from '../api/field-errors';
import { isQualifiedName } from '../api/validation';
import { isExtendedResourceName, isNativeResource } from './quantity-fields';

const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);

const STANDARD_QUOTA_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);

const isHugePage = (name: string) => name.startsWith('hugepages-');
const isQuotaHugePage = (name: string) =>
  isHugePage(name) ||
  name.startsWith('requests.hugepages-') ||
  name.startsWith('limits.hugepages-');

export function isStandardResourceName(name: string): boolean {
  return name.startsWith('kubernetes.io/') || isQuotaHugePage(name) || STANDARD_RESOURCES.has(name);
}

export function isStandardQuotaResourceName(name: string): boolean {
  return STANDARD_QUOTA_RESOURCES.has(name) || isQuotaHugePage(name);
}

/** validateResourceName */
export function validateResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalidValue(path, name, m));
  if (errs.length) return errs;
  if (!name.includes('/') && !isStandardResourceName(name)) {
    errs.push(invalidValue(path, name, 'must be a standard resource type or fully qualified'));
  }
  return errs;
}

/** validateContainerResourceName */
export function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePage(name)) {
      errs.push(invalidValue(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalidValue(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** ValidateResourceQuotaResourceName */
export function validateQuotaResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/') && !isStandardQuotaResourceName(name)) {
    errs.push(invalidValue(path, name, 'must be a standard resource for quota'));
  }
  return errs;
}

/** validateLimitRangeTypeName */
export function validateLimitRangeTypeName(type: string, path: string): FieldError[] {
  const errs = isQualifiedName(type).map((m) => invalidValue(path, type, m));
  if (errs.length) return errs;
  if (!type.includes('/') && !STANDARD_LIMIT_TYPES.has(type)) {
    errs.push(invalidValue(path, type, 'must be a standard limit type or fully qualified'));
  }
  return errs;
}

/** helper.IsOvercommitAllowed: everything but hugepages and extended resources. */
export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePage(name);
}
