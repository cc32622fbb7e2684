/**
 * core/v1 Node: pkg/registry/core/node/strategy.go (status through its subresource),
 * SetDefaults_NodeStatus (allocatable from capacity), ValidateNode / ValidateNodeUpdate,
 * printers.go printNode, GetAttrs `spec.unschedulable`.
 */
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isValidLabelValue } from '../api/validation';
import { duplicateLiteral } from './go-literal';
import { validateCIDR } from './ip';
import { validateLabelName } from './label-validation';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import {
  canonicalizeResourceList,
  quantityOf,
  validateResourceQuantityValue,
} from './quantity-fields';
import type { ResourceDefinition } from './types';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

interface Taint {
  key?: string;
  value?: string;
  effect?: string;
  timeAdded?: string;
}

/** validateNodeTaints; upstream roots the path at metadata (metadata.taints[i]). */
export function validateTaints(taints: Taint[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Map<string, Set<string>>();
  taints.forEach((t, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateLabelName(t.key ?? '', `${p}.key`));
    const valueErrs = isValidLabelValue(t.value ?? '');
    if (valueErrs.length) errs.push(invalidValue(`${p}.value`, t.value ?? '', valueErrs.join(';')));
    if (!t.effect) errs.push(required(`${p}.effect`));
    else if (!TAINT_EFFECTS.includes(t.effect))
      errs.push(notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
    const keys = seen.get(t.effect ?? '') ?? new Set<string>();
    if (keys.has(t.key ?? '')) {
      errs.push(
        duplicateLiteral(
          p,
          `core.Taint{Key:${JSON.stringify(t.key ?? '')}, Value:${JSON.stringify(t.value ?? '')}, Effect:${JSON.stringify(t.effect ?? '')}, TimeAdded:(*v1.Time)(nil)}`,
          'taints must be unique by key and effect pair',
        ),
      );
      return;
    }
    keys.add(t.key ?? '');
    seen.set(t.effect ?? '', keys);
  });
  return errs;
}

function validateNodeResources(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ['capacity', 'allocatable']) {
    for (const [k, v] of Object.entries((obj.status?.[field] ?? {}) as Record<string, unknown>)) {
      const q = quantityOf(v);
      if (q) errs.push(...validateResourceQuantityValue(k, q, `status.${field}.${k}`));
    }
  }
  return errs;
}

export function validateNode(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const taints = (obj.spec?.taints ?? []) as Taint[];
  if (taints.length) errs.push(...validateTaints(taints, 'metadata.taints'));
  errs.push(...validateNodeResources(obj));
  const cidrs: string[] = obj.spec?.podCIDRs ?? [];
  cidrs.forEach((c, i) => errs.push(...validateCIDR(c, `spec.podCIDRs[${i}]`)));
  if (cidrs.length > 2) {
    errs.push(
      invalidValue('spec.podCIDRs', cidrs, 'may specify no more than one CIDR for each IP family'),
    );
  }
  return errs;
}

export function validateNodeUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const oldCIDRs: string[] = old.spec?.podCIDRs ?? [];
  const cidrs: string[] = obj.spec?.podCIDRs ?? [];
  if (
    oldCIDRs.length > 0 &&
    (oldCIDRs.length !== cidrs.length || oldCIDRs.some((c, i) => c !== cidrs[i]))
  ) {
    errs.push(
      forbiddenField(
        'spec.podCIDRs',
        'node updates may not change podCIDR except from "" to valid',
      ),
    );
  }
  if (old.spec?.providerID && old.spec.providerID !== obj.spec?.providerID) {
    errs.push(
      forbiddenField(
        'spec.providerID',
        'node updates may not change providerID except from "" to valid',
      ),
    );
  }
  if ((obj.spec?.externalID ?? '') !== (old.spec?.externalID ?? '')) {
    errs.push(forbiddenField('spec.externalID', 'may not be updated'));
  }
  return errs;
}

/** printNode's STATUS: Ready / NotReady / Unknown, plus SchedulingDisabled. */
export function nodeStatus(obj: KubeObject): string {
  const ready = ((obj.status?.conditions ?? []) as { type: string; status: string }[]).find(
    (c) => c.type === 'Ready',
  );
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (obj.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** findNodeRoles: node-role.kubernetes.io/<role> keys and the kubernetes.io/role value, sorted. */
export function nodeRoles(obj: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length)
      roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === ROLE_LABEL && v) roles.add(v);
  }
  return [...roles].sort().join(',') || '<none>';
}

function address(obj: KubeObject, type: string): string {
  return (
    ((obj.status?.addresses ?? []) as { type: string; address: string }[]).find(
      (a) => a.type === type,
    )?.address ?? '<none>'
  );
}

export const nodes: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'Node',
  plural: 'nodes',
  namespaced: false,
  shortNames: ['no'],
  statusSubresource: true,
  subresources: [
    {
      name: 'proxy',
      verbs: ['create', 'delete', 'get', 'patch', 'update'],
      kind: { group: '', version: '', kind: 'NodeProxyOptions' },
    },
  ],
  defaults(obj) {
    const status = obj.status;
    if (!status) return;
    canonicalizeResourceList(status.capacity, 'Node');
    canonicalizeResourceList(status.allocatable, 'Node');
    if (status.allocatable === undefined && status.capacity !== undefined)
      status.allocatable = { ...status.capacity };
  },
  validate: (obj) => validateNode(obj),
  validateUpdate: (obj, old) => validateNodeUpdate(obj, old),
  selectableFields: {
    'spec.unschedulable': (obj) => String(obj.spec?.unschedulable === true),
  },
  columns: [
    NAME_COLUMN,
    { name: 'Status', type: 'string', description: 'Readiness of the node.' },
    { name: 'Roles', type: 'string', description: 'Roles named by the node labels.' },
    AGE_COLUMN,
    { name: 'Version', type: 'string', description: 'Kubelet version reported by the node.' },
    {
      name: 'Internal-IP',
      type: 'string',
      priority: 1,
      description: 'The internal IP address of the node.',
    },
    {
      name: 'External-IP',
      type: 'string',
      priority: 1,
      description: 'The external IP address of the node.',
    },
    {
      name: 'OS-Image',
      type: 'string',
      priority: 1,
      description: 'OS image reported by the node.',
    },
    {
      name: 'Kernel-Version',
      type: 'string',
      priority: 1,
      description: 'Kernel version reported by the node.',
    },
    {
      name: 'Container-Runtime',
      type: 'string',
      priority: 1,
      description: 'Container runtime version reported by the node.',
    },
  ],
  row(obj, ctx) {
    const info = obj.status?.nodeInfo ?? {};
    return [
      obj.metadata.name,
      nodeStatus(obj),
      nodeRoles(obj),
      age(obj, ctx),
      info.kubeletVersion ?? '',
      address(obj, 'InternalIP'),
      address(obj, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};
