/**
 * core/v1 Pod: pkg/registry/core/pod/strategy.go (status reset to Pending with its QoS class,
 * generation 1, immutable spec on update, graceful deletion, selectable fields), the
 * admission plugins a real cluster runs on Pods, and printers.go printPod.
 */

import { type FieldError, forbiddenField } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isDNS1123Label } from '../api/validation';
import { podAttach, podExec, podLog, podPortForward } from '../apiserver/streaming/pod-connect';
import { admitDefaultTolerationSeconds, admitPriority, admitServiceAccount } from './pod-admission';
import { validateContainerImagesForPod } from './pod-container-validation';
import { podRow } from './pod-printing';
import { computePodQOS } from './pod-qos';
import { podQuota } from './pod-quota';
import { admitLimitRanges, admitResourceQuotas } from './pod-resource-admission';
import { defaultPodOnly, defaultPodSpec } from './pod-spec-defaults';
import { validatePodSpec, validatePodSpecificAnnotations } from './pod-spec-validation';
import { podBinding, podEviction } from './pod-subresources';
import { validatePodUpdate } from './pod-update-validation';
import { podSpecWarnings } from './pod-warnings';
import { AGE_COLUMN, NAME_COLUMN } from './printing';
import { podProxy } from './proxy-subresources';
import { isObj, type Obj, objs, specOf, str } from './spec-access';
import type { ResourceDefinition } from './types';

/** The v1 PodSpec keeps the deprecated serviceAccount in step with serviceAccountName. */
function syncServiceAccountFields(spec: Obj): void {
  if (!spec.serviceAccountName && spec.serviceAccount)
    spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
}

function validatePod(pod: KubeObject): FieldError[] {
  const spec = specOf(pod);
  const errs = validatePodSpecificAnnotations(
    pod.metadata.annotations,
    spec,
    'metadata.annotations',
  );
  errs.push(...validatePodSpec(spec, 'spec', { resourceIsPod: true, podName: pod.metadata.name }));
  if (!spec.serviceAccountName) {
    objs(spec.volumes).forEach((v, vi) => {
      if (!isObj(v.projected)) return;
      objs(v.projected.sources).forEach((s, si) => {
        if (isObj(s.serviceAccountToken)) {
          errs.push(
            forbiddenField(
              `spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`,
              'must not be specified when serviceAccountName is not set',
            ),
          );
        }
      });
    });
  }
  errs.push(...validateContainerImagesForPod(spec.containers, 'spec.containers'));
  errs.push(...validateContainerImagesForPod(spec.initContainers, 'spec.initContainers'));
  return errs;
}

export const pods: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'Pod',
  plural: 'pods',
  namespaced: true,
  quota: podQuota,
  shortNames: ['po'],
  categories: ['all'],
  statusSubresource: true,
  subresources: [
    {
      name: 'attach',
      verbs: ['create', 'get'],
      kind: { group: '', version: 'v1', kind: 'PodAttachOptions' },
      serve: podAttach,
    },
    {
      name: 'binding',
      verbs: ['create'],
      kind: { group: '', version: 'v1', kind: 'Binding' },
      openapi: true,
      serve: podBinding,
    },
    { name: 'ephemeralcontainers', verbs: ['get', 'patch', 'update'], openapi: true },
    {
      name: 'eviction',
      verbs: ['create'],
      kind: { group: 'policy', version: 'v1', kind: 'Eviction' },
      openapi: true,
      serve: podEviction,
    },
    {
      name: 'exec',
      verbs: ['create', 'get'],
      kind: { group: '', version: 'v1', kind: 'PodExecOptions' },
      serve: podExec,
    },
    { name: 'log', verbs: ['get'], serve: podLog },
    {
      name: 'portforward',
      verbs: ['create', 'get'],
      kind: { group: '', version: 'v1', kind: 'PodPortForwardOptions' },
      serve: podPortForward,
    },
    {
      name: 'proxy',
      verbs: ['create', 'delete', 'get', 'patch', 'update'],
      kind: { group: '', version: 'v1', kind: 'PodProxyOptions' },
      serve: podProxy,
    },
    { name: 'resize', verbs: ['get', 'patch', 'update'] },
  ],
  partialSubresources: {
    // EphemeralContainersStrategy: only spec.ephemeralContainers comes from the request.
    ephemeralcontainers: (sent, old) => ({
      ...structuredClone(old),
      spec: {
        ...structuredClone(old.spec),
        ephemeralContainers: structuredClone(sent.spec?.ephemeralContainers),
      },
    }),
    // podResizeStrategy: only containers' resources and resizePolicy come from the request.
    resize: (sent, old) => {
      const next = structuredClone(old);
      for (const c of next.spec?.containers ?? []) {
        const from = (sent.spec?.containers ?? []).find((x: { name: string }) => x.name === c.name);
        if (!from) continue;
        c.resources = structuredClone(from.resources);
        if (from.resizePolicy !== undefined) c.resizePolicy = structuredClone(from.resizePolicy);
      }
      return next;
    },
  },
  generation: true,
  defaults(obj) {
    const spec = specOf(obj);
    defaultPodSpec(spec, { kind: 'Pod' });
    defaultPodOnly(spec);
    syncServiceAccountFields(spec);
  },
  prepareForCreate(obj, ctx) {
    // mutating plugins in kube-apiserver's order, then the validating ones
    admitLimitRanges(obj, ctx);
    admitServiceAccount(obj, ctx);
    admitPriority(obj, ctx);
    admitDefaultTolerationSeconds(obj);
    admitResourceQuotas(obj, ctx);
    const spec = specOf(obj);
    obj.status = { phase: 'Pending', qosClass: computePodQOS(spec) };
  },
  prepareForUpdate(obj, old) {
    obj.status = old.status;
  },
  validate: (obj) => validatePod(obj),
  validateUpdate: (obj, old) => validatePodUpdate(obj, old),
  /** CheckGracefulDelete: unscheduled or finished pods go at once. */
  gracePeriod(obj, requested) {
    const spec = specOf(obj);
    let period =
      requested ??
      (typeof spec.terminationGracePeriodSeconds === 'number'
        ? spec.terminationGracePeriodSeconds
        : 0);
    if (!spec.nodeName) period = 0;
    const phase = obj.status?.phase;
    if (phase === 'Failed' || phase === 'Succeeded') period = 0;
    if (period < 0) period = 1;
    return period;
  },
  warnings(obj, old) {
    if (old) return [];
    const warnings: string[] = [];
    const msgs = isDNS1123Label(obj.metadata.name ?? '');
    if (msgs.length) {
      warnings.push(
        `metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`,
      );
    }
    warnings.push(...podSpecWarnings('', specOf(obj), obj.metadata));
    return warnings;
  },
  selectableFields: {
    'spec.nodeName': (o) => str(o.spec?.nodeName),
    'spec.restartPolicy': (o) => str(o.spec?.restartPolicy),
    'spec.schedulerName': (o) => str(o.spec?.schedulerName),
    'spec.serviceAccountName': (o) => str(o.spec?.serviceAccountName),
    'spec.hostNetwork': (o) => String(o.spec?.hostNetwork === true),
    'status.phase': (o) => str(o.status?.phase),
    'status.podIP': (o) => str(objs(o.status?.podIPs)[0]?.ip),
    // accepted by the field-label conversion, though GetAttrs never sets it
    'status.podIPs': () => '',
    'status.nominatedNodeName': (o) => str(o.status?.nominatedNodeName),
  },
  columns: [
    NAME_COLUMN,
    {
      name: 'Ready',
      type: 'string',
      description: 'The aggregate readiness state of this pod for accepting traffic.',
    },
    {
      name: 'Status',
      type: 'string',
      description: 'The aggregate status of the containers in this pod.',
    },
    {
      name: 'Restarts',
      type: 'string',
      description:
        'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    },
    AGE_COLUMN,
    {
      name: 'IP',
      type: 'string',
      priority: 1,
      description: 'IP address allocated to the pod. Routable at least within the cluster.',
    },
    {
      name: 'Node',
      type: 'string',
      priority: 1,
      description: 'NodeName is a request to schedule this pod onto a specific node.',
    },
    {
      name: 'Nominated Node',
      type: 'string',
      priority: 1,
      description: 'nominatedNodeName is set only when this pod preempts other pods on the node.',
    },
    {
      name: 'Readiness Gates',
      type: 'string',
      priority: 1,
      description: 'If specified, all readiness gates will be evaluated for pod readiness.',
    },
  ],
  row: (obj, ctx) => podRow(obj, ctx),
};
