/**
 * coordination.k8s.io/v1 Lease: pkg/apis/coordination/validation ValidateLeaseSpec,
 * printers.go printLease.
 */
import { type FieldError, forbiddenField, invalidValue, notSupported } from '../api/field-errors';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { ResourceDefinition } from './types';

const STRATEGIES = ['OldestEmulationVersion'];

export const leases: ResourceDefinition = {
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  plural: 'leases',
  namespaced: true,
  // renewed every few seconds by every node: the quota controller does not watch them
  quota: { ignored: true },
  // the strategy allows create on update (PUT of a missing object creates it)
  allowCreateOnUpdate: true,
  validate(obj) {
    const errs: FieldError[] = [];
    const spec = obj.spec ?? {};
    if (spec.leaseDurationSeconds != null && spec.leaseDurationSeconds <= 0) {
      errs.push(
        invalidValue(
          'spec.leaseDurationSeconds',
          spec.leaseDurationSeconds,
          'must be greater than 0',
        ),
      );
    }
    if (spec.leaseTransitions != null && spec.leaseTransitions < 0) {
      errs.push(
        invalidValue(
          'spec.leaseTransitions',
          spec.leaseTransitions,
          'must be greater than or equal to 0',
        ),
      );
    }
    if (spec.strategy != null && spec.strategy !== '' && !STRATEGIES.includes(spec.strategy)) {
      errs.push(notSupported('spec.strategy', spec.strategy, STRATEGIES));
    }
    if (spec.preferredHolder && !spec.strategy) {
      errs.push(
        forbiddenField('spec.preferredHolder', 'may only be specified if `strategy` is defined'),
      );
    }
    return errs;
  },
  columns: [
    NAME_COLUMN,
    { name: 'Holder', type: 'string', description: 'The holder of the lease.' },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [obj.metadata.name, obj.spec?.holderIdentity ?? '', age(obj, ctx)],
};
