/**
 * networking.k8s.io/v1 ServiceCIDR: pkg/apis/networking/validation ValidateServiceCIDR and
 * ValidateServiceCIDRUpdate, pkg/registry/networking/servicecidr strategy (status reset on
 * create), printers.go printServiceCIDR, and the `kubernetes` object kube-apiserver publishes
 * for its --service-cluster-ip-range. The Ready condition and the protection finalizer are the
 * service-cidr controller's (controllers/servicecidr.ts).
 */
import { type FieldError, invalidValue, required } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { familyOf, validateCIDR } from './ip';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import { SERVICE_CLUSTER_IP_RANGE } from './service-allocation';
import type { ResourceDefinition } from './types';

/** servicecidr.DefaultServiceCIDRName */
export const DEFAULT_SERVICE_CIDR_NAME = 'kubernetes';
export const SERVICE_CIDR_FINALIZER = 'networking.k8s.io/service-cidr-finalizer';

/** The default ServiceCIDR, as kube-apiserver's default-servicecidr-repair controller creates it. */
export function defaultServiceCIDR(): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'ServiceCIDR',
    metadata: { name: DEFAULT_SERVICE_CIDR_NAME },
    spec: { cidrs: [SERVICE_CLUSTER_IP_RANGE] },
  };
}

const familyOfCIDR = (cidr: string) => familyOf(cidr.split('/')[0]);

function validateSpec(cidrs: string[]): FieldError[] {
  if (!cidrs.length) return [required('spec.cidrs', 'at least one CIDR required')];
  if (cidrs.length > 2) return [invalidValue('spec', { cidrs }, 'may only hold up to 2 values')];
  const errs = cidrs.flatMap((c, i) => validateCIDR(c, `spec.cidrs[${i}]`));
  if (!errs.length && cidrs.length === 2 && familyOfCIDR(cidrs[0]) === familyOfCIDR(cidrs[1]))
    errs.push(
      invalidValue(
        'spec.cidrs',
        cidrs,
        'may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64',
      ),
    );
  return errs;
}

export const serviceCIDRs: ResourceDefinition = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'ServiceCIDR',
  plural: 'servicecidrs',
  namespaced: false,
  statusSubresource: true,
  generation: true,
  // PrepareForCreate resets status to its zero value, which Go writes as `status: {}`
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate(obj) {
    return validateSpec(obj.spec?.cidrs ?? []);
  },
  // ValidateServiceCIDRUpdate: the CIDRs stay, except that a single-stack range may gain the
  // other family's (upgrading a cluster to dual-stack).
  validateUpdate(obj, old) {
    const next: string[] = obj.spec?.cidrs ?? [];
    const prev: string[] = old.spec?.cidrs ?? [];
    const same = next.length === prev.length && next.every((c, i) => c === prev[i]);
    const upgrade = prev.length === 1 && next.length === 2 && next[0] === prev[0];
    return same || upgrade ? [] : [invalidValue('spec.cidrs', next, 'field is immutable')];
  },
  columns: [
    NAME_COLUMN,
    {
      name: 'CIDRs',
      type: 'string',
      description:
        'CIDRs defines the IP blocks in CIDR notation (e.g. "192.168.0.0/24" or "2001:db8::/64") from which to assign service cluster IPs. Max of two CIDRs is allowed, one of each IP family. This field is immutable.',
    },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [obj.metadata.name, (obj.spec?.cidrs ?? []).join(','), age(obj, ctx)],
};
