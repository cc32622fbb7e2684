/**
 * policy/v1 PodDisruptionBudget: pkg/registry/policy/poddisruptionbudget (status cleared on
 * create, generation), ValidatePodDisruptionBudgetSpec, printers.go printPodDisruptionBudget.
 */
import { type FieldError, notSupported } from '../api/field-errors';
import { invalidLiteral } from './go-literal';
import { validateLabelSelector } from './label-validation';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { ResourceDefinition } from './types';
import { notMoreThan100Percent, validatePositiveIntOrPercent } from './workload-validation';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

/** IntOrString.String(): the number or the percent text; N/A when unset. */
const intOrPercent = (v: unknown) => (v === undefined || v === null ? 'N/A' : String(v));

export const podDisruptionBudgets: ResourceDefinition = {
  group: 'policy',
  version: 'v1',
  kind: 'PodDisruptionBudget',
  plural: 'poddisruptionbudgets',
  namespaced: true,
  // the strategy allows create on update (PUT of a missing object creates it)
  allowCreateOnUpdate: true,
  shortNames: ['pdb'],
  statusSubresource: true,
  generation: true,
  prepareForCreate(obj) {
    obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  validate(obj) {
    const errs: FieldError[] = [];
    const spec = obj.spec ?? {};
    if (spec.minAvailable != null && spec.maxUnavailable != null) {
      // upstream prints the whole spec struct, pointers included
      errs.push(
        invalidLiteral(
          'spec',
          'policy.PodDisruptionBudgetSpec{...}',
          'minAvailable and maxUnavailable cannot be both set',
        ),
      );
    }
    for (const key of ['minAvailable', 'maxUnavailable']) {
      if (spec[key] == null) continue;
      errs.push(
        ...validatePositiveIntOrPercent(spec[key], `spec.${key}`),
        ...notMoreThan100Percent(spec[key], `spec.${key}`),
      );
    }
    errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
    if (
      spec.unhealthyPodEvictionPolicy != null &&
      !EVICTION_POLICIES.includes(spec.unhealthyPodEvictionPolicy)
    ) {
      errs.push(
        notSupported(
          'spec.unhealthyPodEvictionPolicy',
          spec.unhealthyPodEvictionPolicy,
          EVICTION_POLICIES,
        ),
      );
    }
    return errs;
  },
  columns: [
    NAME_COLUMN,
    { name: 'Min Available', type: 'string', description: 'Pods that must stay available.' },
    { name: 'Max Unavailable', type: 'string', description: 'Pods that may be unavailable.' },
    {
      name: 'Allowed Disruptions',
      type: 'integer',
      description: 'How many pods may be disrupted now.',
    },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [
    obj.metadata.name,
    intOrPercent(obj.spec?.minAvailable),
    intOrPercent(obj.spec?.maxUnavailable),
    obj.status?.disruptionsAllowed ?? 0,
    age(obj, ctx),
  ],
};
