/**
 * flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration: pkg/apis/flowcontrol/v1 defaults,
 * pkg/apis/flowcontrol/validation ValidatePriorityLevelConfigurationSpec, printers.go
 * printPriorityLevelConfiguration. The cluster's own levels are in flowcontrol-bootstrap.ts.
 */
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import { isPathSegmentName } from './ingresses';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { Obj } from './spec-access';
import type { ResourceDefinition } from './types';

const TYPES = ['Exempt', 'Limited'];
const LIMIT_RESPONSES = ['Queue', 'Reject'];

function validatePercent(value: unknown, path: string, detail: string): FieldError[] {
  if (value == null) return [];
  return typeof value === 'number' && value >= 0 && value <= 100
    ? []
    : [invalidValue(path, value, detail)];
}

function validateQueuing(q: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!(q.queueLengthLimit > 0))
    errs.push(invalidValue(`${path}.queueLengthLimit`, q.queueLengthLimit, 'must be positive'));
  if (!(q.queues > 0)) errs.push(invalidValue(`${path}.queues`, q.queues, 'must be positive'));
  if (!(q.handSize > 0))
    errs.push(invalidValue(`${path}.handSize`, q.handSize, 'must be positive'));
  else if (q.queues > 0 && q.handSize > q.queues)
    errs.push(
      invalidValue(
        `${path}.handSize`,
        q.handSize,
        `should not be greater than queues (${q.queues})`,
      ),
    );
  return errs;
}

function validateLimited(l: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof l.nominalConcurrencyShares === 'number' && l.nominalConcurrencyShares < 0)
    errs.push(
      invalidValue(
        `${path}.nominalConcurrencyShares`,
        l.nominalConcurrencyShares,
        'must be a non-negative integer',
      ),
    );
  errs.push(
    ...validatePercent(
      l.lendablePercent,
      `${path}.lendablePercent`,
      'must be between 0 and 100, inclusive',
    ),
  );
  if (typeof l.borrowingLimitPercent === 'number' && l.borrowingLimitPercent < 0)
    errs.push(
      invalidValue(
        `${path}.borrowingLimitPercent`,
        l.borrowingLimitPercent,
        'if specified, must be a non-negative integer',
      ),
    );
  const lr = l.limitResponse ?? {};
  const lrPath = `${path}.limitResponse`;
  if (lr.type === 'Reject') {
    if (lr.queuing != null)
      errs.push(
        forbiddenField(
          `${lrPath}.queuing`,
          'must be nil if limited.limitResponse.type is not Limited',
        ),
      );
  } else if (lr.type === 'Queue') {
    if (lr.queuing == null)
      errs.push(
        required(`${lrPath}.queuing`, 'must not be empty if limited.limitResponse.type is Limited'),
      );
    else errs.push(...validateQueuing(lr.queuing, `${lrPath}.queuing`));
  } else errs.push(notSupported(`${lrPath}.type`, lr.type ?? '', LIMIT_RESPONSES));
  return errs;
}

export const priorityLevelConfigurations: ResourceDefinition = {
  group: 'flowcontrol.apiserver.k8s.io',
  version: 'v1',
  kind: 'PriorityLevelConfiguration',
  plural: 'prioritylevelconfigurations',
  namespaced: false,
  statusSubresource: true,
  generation: true,
  nameRule: 'path',
  // SetDefaults_LimitedPriorityLevelConfiguration, _ExemptPriorityLevelConfiguration, _QueuingConfiguration
  defaults(obj) {
    const spec = obj.spec ?? {};
    if (spec.limited) {
      spec.limited.nominalConcurrencyShares ??= 30;
      spec.limited.lendablePercent ??= 0;
      const q = spec.limited.limitResponse?.queuing;
      if (q) {
        if (!q.handSize) q.handSize = 8;
        if (!q.queues) q.queues = 64;
        if (!q.queueLengthLimit) q.queueLengthLimit = 50;
      }
    }
    if (spec.exempt) {
      spec.exempt.nominalConcurrencyShares ??= 0;
      spec.exempt.lendablePercent ??= 0;
    }
  },
  // PrepareForCreate resets status to its zero value, which Go writes as `status: {}`
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate(obj) {
    const name = obj.metadata.name ?? '';
    const spec = obj.spec ?? {};
    const errs: FieldError[] = [];
    for (const msg of isPathSegmentName(name)) errs.push(invalidValue('metadata.name', name, msg));
    if ((name === 'exempt') !== (spec.type === 'Exempt'))
      errs.push(
        invalidValue(
          'spec.type',
          spec.type ?? '',
          "type must be 'Exempt' if and only if name is 'exempt'",
        ),
      );
    if (spec.type === 'Exempt') {
      if (spec.limited != null)
        errs.push(forbiddenField('spec.limited', 'must be nil if the type is not Limited'));
      if (spec.exempt) {
        const e = spec.exempt;
        if (typeof e.nominalConcurrencyShares === 'number' && e.nominalConcurrencyShares < 0)
          errs.push(
            invalidValue(
              'spec.exempt.nominalConcurrencyShares',
              e.nominalConcurrencyShares,
              'must be a non-negative integer',
            ),
          );
        errs.push(
          ...validatePercent(
            e.lendablePercent,
            'spec.exempt.lendablePercent',
            'must be between 0 and 100, inclusive',
          ),
        );
      }
    } else if (spec.type === 'Limited') {
      if (spec.exempt != null)
        errs.push(forbiddenField('spec.exempt', 'must be nil if the type is Limited'));
      if (spec.limited == null)
        errs.push(required('spec.limited', 'must not be empty when type is Limited'));
      else errs.push(...validateLimited(spec.limited, 'spec.limited'));
    } else errs.push(notSupported('spec.type', spec.type ?? '', TYPES));
    return errs;
  },
  columns: [
    NAME_COLUMN,
    {
      name: 'Type',
      type: 'string',
      description:
        '`type` indicates whether this priority level is subject to limitation on request execution.  A value of `"Exempt"` means that requests of this priority level are not subject to a limit (and thus are never queued) and do not detract from the capacity made available to other priority levels.  A value of `"Limited"` means that (a) requests of this priority level _are_ subject to limits and (b) some of the server\'s limited capacity is made available exclusively to this priority level. Required.',
    },
    {
      name: 'NominalConcurrencyShares',
      type: 'string',
      description:
        '`nominalConcurrencyShares` (NCS) contributes to the computation of the NominalConcurrencyLimit (NominalCL) of this level.',
    },
    {
      name: 'Queues',
      type: 'string',
      description:
        '`queues` is the number of queues for this priority level. The queues exist independently at each apiserver. The value must be positive.  Setting it to 1 effectively precludes shufflesharding and thus makes the distinguisher method of associated flow schemas irrelevant.  This field has a default value of 64.',
    },
    {
      name: 'HandSize',
      type: 'string',
      description:
        "`handSize` is a small positive number that configures the shuffle sharding of requests into queues.  When enqueuing a request at this priority level the request's flow identifier (a string pair) is hashed and the hash value is used to shuffle the list of queues and deal a hand of the size specified here.",
    },
    {
      name: 'QueueLengthLimit',
      type: 'string',
      description:
        '`queueLengthLimit` is the maximum number of requests allowed to be waiting in a given queue of this priority level at a time; excess requests are rejected.  This value must be positive.  If not specified, it will be defaulted to 50.',
    },
    AGE_COLUMN,
  ],
  row(obj, ctx) {
    const limited = obj.spec?.limited;
    const queuing = limited?.limitResponse?.queuing;
    return [
      obj.metadata.name,
      obj.spec?.type ?? '',
      limited ? limited.nominalConcurrencyShares : '<none>',
      queuing ? queuing.queues : '<none>',
      queuing ? queuing.handSize : '<none>',
      queuing ? queuing.queueLengthLimit : '<none>',
      age(obj, ctx),
    ];
  },
};
