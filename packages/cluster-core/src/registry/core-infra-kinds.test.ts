import { describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../api/object';
import { bindings } from './bindings';
import { COMPONENT_STATUSES, componentStatuses } from './componentstatuses';
import { endpoints } from './endpoints';
import { endpointSlices } from './endpointslices';
import { events } from './events';
import { eventFromCore, eventsK8sIo, eventToCore } from './events-k8s-io';
import { fakeContext } from './fake-strategy-context';
import { leases } from './leases';
import { limitRanges } from './limitranges';
import { nodes } from './nodes';
import { resourceQuotas } from './resourcequotas';

const ctx = fakeContext();
const NOW = { now: Date.parse('2024-01-01T01:00:00Z') };
const meta = (name: string, namespace?: string) => ({
  name,
  namespace,
  creationTimestamp: '2024-01-01T00:00:00Z',
});
const msgs = (errs: { message(): string }[] | undefined) => (errs ?? []).map((e) => e.message());

describe('Endpoints', () => {
  const ep = (subsets: unknown[]): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta('web', 'default'),
    subsets,
  });

  test('the ENDPOINTS cell shows three host:port pairs then how many more', () => {
    const obj = ep([
      { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] },
    ]);
    expect(endpoints.row(obj, NOW)).toEqual([
      'web',
      '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...',
      '60m',
    ]);
    expect(endpoints.row(ep([]), NOW)[1]).toBe('<none>');
  });

  test('ports default to TCP; a subset needs addresses; loopback is refused', () => {
    const obj = ep([{ ports: [{ port: 80 }] }, { addresses: [{ ip: '127.0.0.1' }] }]);
    endpoints.defaults?.(obj);
    expect(obj.subsets[0].ports[0].protocol).toBe('TCP');
    expect(msgs(endpoints.validate?.(obj, ctx))).toEqual([
      'subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`',
      'subsets[1].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]);
  });
});

describe('EndpointSlice', () => {
  test('ports default to name "" and TCP; the row lists ports and addresses', () => {
    const obj: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: meta('web-abc', 'default'),
      addressType: 'IPv4',
      ports: [{ port: 80 }],
      endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }],
    };
    endpointSlices.defaults?.(obj);
    expect(obj.ports).toEqual([{ port: 80, name: '', protocol: 'TCP' }]);
    expect(msgs(endpointSlices.validate?.(obj, ctx))).toEqual([]);
    expect(endpointSlices.row(obj, NOW)).toEqual([
      'web-abc',
      'IPv4',
      '80',
      '10.0.0.1,10.0.0.2',
      '60m',
    ]);
  });

  test('addressType is required and immutable', () => {
    const obj: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: meta('s', 'default'),
    };
    expect(msgs(endpointSlices.validate?.(obj, ctx))).toEqual(['addressType: Required value']);
    expect(endpointSlices.row(obj, NOW).slice(2, 4)).toEqual(['<unset>', '<unset>']);
    const changed = { ...obj, addressType: 'IPv6' };
    expect(
      msgs(endpointSlices.validateUpdate?.(changed, { ...obj, addressType: 'IPv4' }, ctx)),
    ).toEqual(['addressType: Invalid value: "IPv6": field is immutable']);
  });
});

describe('Node', () => {
  const node = (extra: Partial<KubeObject> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { ...meta('node-1'), labels: { 'node-role.kubernetes.io/control-plane': '' } },
    status: {
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [{ type: 'InternalIP', address: '172.18.0.2' }],
      nodeInfo: {
        kubeletVersion: 'v1.33.1',
        osImage: 'Debian GNU/Linux 12',
        kernelVersion: '6.1.0',
        containerRuntimeVersion: 'containerd://2.0.3',
      },
    },
    ...extra,
  });

  test('the row shows Ready, roles, version and the wide columns', () => {
    expect(nodes.row(node(), NOW)).toEqual([
      'node-1',
      'Ready',
      'control-plane',
      '60m',
      'v1.33.1',
      '172.18.0.2',
      '<none>',
      'Debian GNU/Linux 12',
      '6.1.0',
      'containerd://2.0.3',
    ]);
  });

  test('a cordoned node shows SchedulingDisabled and matches spec.unschedulable=true', () => {
    const obj = node({ spec: { unschedulable: true } });
    expect(nodes.row(obj, NOW)[1]).toBe('Ready,SchedulingDisabled');
    expect(nodes.selectableFields?.['spec.unschedulable'](obj)).toBe('true');
  });

  test('taint effects are checked under metadata.taints as upstream reports them', () => {
    const obj = node({ spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoWork' }] } });
    expect(msgs(nodes.validate?.(obj, ctx))).toEqual([
      'metadata.taints[0].effect: Unsupported value: "NoWork": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });

  test('allocatable defaults to capacity', () => {
    const obj = node();
    obj.status.capacity = { cpu: '2', memory: '4096Mi' };
    nodes.defaults?.(obj);
    expect(obj.status.allocatable).toEqual({ cpu: '2', memory: '4Gi' });
  });
});

describe('Event', () => {
  const ev = (extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta('web.17a', 'default'),
    involvedObject: {
      kind: 'Pod',
      name: 'web',
      namespace: 'default',
      uid: 'u1',
      fieldPath: 'spec.containers{web}',
    },
    reason: 'Pulled',
    message: 'Pulled image  ',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: '2024-01-01T00:00:00Z',
    lastTimestamp: '2024-01-01T00:30:00Z',
    count: 3,
    type: 'Normal',
    ...extra,
  });

  test('the row shows last seen, type, reason, object and message, with the wide cells', () => {
    expect(events.row(ev(), NOW)).toEqual([
      '30m',
      'Normal',
      'Pulled',
      'pod/web',
      'spec.containers{web}',
      'kubelet, node-1',
      'Pulled image',
      '60m',
      3,
      'web.17a',
    ]);
  });

  test('involvedObject fields, reason, source and type are field selectors', () => {
    const obj = ev();
    const f = events.selectableFields ?? {};
    expect([
      f['involvedObject.name'](obj),
      f['involvedObject.kind'](obj),
      f.source(obj),
      f.type(obj),
      f.reason(obj),
    ]).toEqual(['web', 'Pod', 'kubelet', 'Normal', 'Pulled']);
  });

  test('the involved object must live in the event namespace', () => {
    const obj = ev({ involvedObject: { kind: 'Pod', name: 'web', namespace: 'other' } });
    expect(msgs(events.validate?.(obj, ctx))).toEqual([
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]);
  });

  test('events.k8s.io/v1 renames fields both ways and requires eventTime on create', () => {
    const v1 = eventFromCore(ev());
    expect(v1.apiVersion).toBe('events.k8s.io/v1');
    expect(v1.regarding.name).toBe('web');
    expect(v1.note).toBe('Pulled image  ');
    expect(v1.deprecatedCount).toBe(3);
    expect(v1.involvedObject).toBeUndefined();
    expect(eventToCore(v1)).toEqual(ev());
    const fresh = eventToCore({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: meta('e', 'default'),
      regarding: { kind: 'Pod', name: 'web', namespace: 'default' },
      reason: 'Started',
      type: 'Normal',
    });
    expect(msgs(eventsK8sIo.validate?.(fresh, ctx))).toEqual(['eventTime: Required value']);
  });
});

describe('LimitRange', () => {
  test('container defaults come from max and min as SetDefaults_LimitRangeItem', () => {
    const lr: KubeObject = {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta('limits', 'default'),
      spec: { limits: [{ type: 'Container', max: { cpu: '1' }, min: { memory: '64Mi' } }] },
    };
    limitRanges.defaults?.(lr);
    expect(lr.spec.limits[0].default).toEqual({ cpu: '1' });
    expect(lr.spec.limits[0].defaultRequest).toEqual({ cpu: '1', memory: '64Mi' });
    expect(msgs(limitRanges.validate?.(lr, ctx))).toEqual([]);
  });

  test('min above max and default requests above limits are refused', () => {
    const lr: KubeObject = {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta('limits', 'default'),
      spec: {
        limits: [
          {
            type: 'Container',
            max: { cpu: '500m' },
            min: { cpu: '1' },
            default: { cpu: '500m' },
            defaultRequest: { cpu: '500m' },
          },
        ],
      },
    };
    expect(msgs(limitRanges.validate?.(lr, ctx))).toEqual([
      'spec.limits[0].min[cpu]: Invalid value: "1": min value 1 is greater than max value 500m',
      'spec.limits[0].defaultRequest[cpu]: Invalid value: "500m": min value 1 is greater than default request value 500m',
      'spec.limits[0].default[cpu]: Invalid value: "1": min value 1 is greater than default value 500m',
    ]);
    expect(limitRanges.row(lr, NOW)).toEqual(['limits', '2024-01-01T00:00:00Z']);
  });
});

describe('ResourceQuota', () => {
  test('the row splits requests and limits from status', () => {
    const q: KubeObject = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta('q', 'default'),
      spec: { hard: { pods: '10', 'limits.cpu': '2' } },
      status: {
        hard: { pods: '10', 'limits.cpu': '2', 'requests.memory': '1Gi' },
        used: { pods: '3' },
      },
    };
    expect(resourceQuotas.row(q, NOW)).toEqual([
      'q',
      'pods: 3/10, requests.memory: 0/1Gi',
      'limits.cpu: 0/2',
      '60m',
    ]);
  });

  test('unknown resource names and fractional counts are refused', () => {
    const q: KubeObject = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta('q', 'default'),
      spec: { hard: { gpus: '1', pods: '1500m' } },
    };
    resourceQuotas.defaults?.(q);
    expect(msgs(resourceQuotas.validate?.(q, ctx))).toEqual([
      'spec.hard[gpus]: Invalid value: "gpus": must be a standard resource type or fully qualified',
      'spec.hard[gpus]: Invalid value: "gpus": must be a standard resource for quota',
      'spec.hard[pods]: Invalid value: "1500m": must be an integer',
    ]);
  });
});

describe('Lease, ComponentStatus, Binding', () => {
  test('leases print their holder and refuse non-positive durations', () => {
    const l: KubeObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: meta('l', 'kube-node-lease'),
      spec: { holderIdentity: 'node-1', leaseDurationSeconds: 0 },
    };
    expect(leases.row(l, NOW)).toEqual(['l', 'node-1', '60m']);
    expect(msgs(leases.validate?.(l, ctx))).toEqual([
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    ]);
  });

  test('component statuses are all Healthy and read-only', () => {
    expect(COMPONENT_STATUSES.map((c) => componentStatuses.row(c, NOW))).toEqual([
      ['controller-manager', 'Healthy', 'ok', ''],
      ['scheduler', 'Healthy', 'ok', ''],
      ['etcd-0', 'Healthy', 'ok', ''],
    ]);
    expect(componentStatuses.verbs).toEqual(['get', 'list']);
  });

  test('a binding needs a target node and an unbound pod', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: { nodeName: 'node-1' },
    };
    const c = fakeContext([{ group: '', plural: 'pods', object: pod }]);
    const b: KubeObject = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'web', namespace: 'default' },
      target: {},
    };
    expect(() => bindings.computeOnCreate?.(b, c)).toThrow(
      'Binding "web" is invalid: target.name: Required value',
    );
    b.target = { kind: 'Node', name: 'node-2' };
    expect(() => bindings.computeOnCreate?.(b, c)).toThrow(
      'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "node-1"',
    );
  });
});
