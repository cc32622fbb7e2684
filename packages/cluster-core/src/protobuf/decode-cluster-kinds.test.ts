/**
 * The protobuf tables of Node, PersistentVolume, Endpoints, EndpointSlice, Lease, StorageClass,
 * RuntimeClass, ControllerRevision and CustomResourceDefinition, read back from bodies laid out as
 * upstream's generated.proto numbers their fields.
 */
import { describe, expect, test } from '@jest/globals';
import { decodeProtobufObject } from './index';
import { envelope, msg } from './test-encoder';

const meta = (name: string) => msg().bytes(1, name);
const entry = (key: string, value: string | ReturnType<typeof msg>) =>
  msg().bytes(1, key).bytes(2, value);

describe('decoding the cluster-level kinds', () => {
  test('a Node keeps its taints, pod CIDRs and the non-omitempty fields of its status', () => {
    const spec = msg()
      .bytes(1, '')
      .bytes(7, '10.244.1.0/24')
      .varint(4, true)
      .bytes(5, msg().bytes(1, 'dedicated').bytes(2, 'gpu').bytes(3, 'NoSchedule'));
    const status = msg()
      .bytes(1, entry('cpu', msg().bytes(1, '4')))
      .bytes(5, msg().bytes(1, 'InternalIP').bytes(2, '192.168.0.2'))
      .bytes(7, msg().bytes(1, '').bytes(7, 'v1.33.0'));
    const node = decodeProtobufObject(
      envelope('v1', 'Node', msg().bytes(1, meta('node01')).bytes(2, spec).bytes(3, status)),
    );
    expect(node.spec).toEqual({
      podCIDRs: ['10.244.1.0/24'],
      unschedulable: true,
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
    });
    expect(node.status).toMatchObject({
      capacity: { cpu: '4' },
      addresses: [{ type: 'InternalIP', address: '192.168.0.2' }],
      // machineID has no omitempty: its empty value stays, as Go writes it
      nodeInfo: { machineID: '', kubeletVersion: 'v1.33.0' },
    });
  });

  test('a PersistentVolume has its inlined hostPath source and claimRef', () => {
    const spec = msg()
      .bytes(1, entry('storage', msg().bytes(1, '1Gi')))
      .bytes(2, msg().bytes(3, msg().bytes(1, '/mnt/data')))
      .bytes(3, 'ReadWriteOnce')
      .bytes(5, 'Retain')
      .bytes(6, 'manual');
    const pv = decodeProtobufObject(
      envelope('v1', 'PersistentVolume', msg().bytes(1, meta('pv1')).bytes(2, spec)),
    );
    expect(pv.spec).toEqual({
      capacity: { storage: '1Gi' },
      hostPath: { path: '/mnt/data' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: 'manual',
    });
  });

  test('an EndpointSlice writes its nil lists as null, a Lease its MicroTime', () => {
    const slice = decodeProtobufObject(
      envelope('discovery.k8s.io/v1', 'EndpointSlice', msg().bytes(1, meta('s')).bytes(4, 'IPv4')),
    );
    expect(slice).toMatchObject({ addressType: 'IPv4', endpoints: null, ports: null });
    const micro = msg().varint(1, 1_700_000_000).varint(2, 123_456_000);
    const lease = decodeProtobufObject(
      envelope(
        'coordination.k8s.io/v1',
        'Lease',
        msg().bytes(1, meta('l')).bytes(2, msg().bytes(1, 'node01').bytes(4, micro)),
      ),
    );
    expect(lease.spec).toEqual({
      holderIdentity: 'node01',
      renewTime: '2023-11-14T22:13:20.123456Z',
    });
  });

  test('StorageClass, RuntimeClass and ControllerRevision', () => {
    const sc = decodeProtobufObject(
      envelope(
        'storage.k8s.io/v1',
        'StorageClass',
        msg()
          .bytes(1, meta('fast'))
          .bytes(2, 'kubernetes.io/no-provisioner')
          .bytes(7, 'WaitForFirstConsumer'),
      ),
    );
    expect(sc).toMatchObject({
      provisioner: 'kubernetes.io/no-provisioner',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
    const rc = decodeProtobufObject(
      envelope('node.k8s.io/v1', 'RuntimeClass', msg().bytes(1, meta('gvisor')).bytes(2, 'runsc')),
    );
    expect(rc).toMatchObject({ handler: 'runsc' });
    const cr = decodeProtobufObject(
      envelope(
        'apps/v1',
        'ControllerRevision',
        msg().bytes(1, meta('web-1')).bytes(2, msg().bytes(1, '{"spec":{}}')).varint(3, 2),
      ),
    );
    expect(cr).toMatchObject({ data: { spec: {} }, revision: 2 });
  });

  test('a CustomResourceDefinition schema keeps its JSON values and schema-or-bool unions', () => {
    const str = msg().bytes(5, 'string');
    const props = msg()
      .bytes(5, 'object')
      .bytes(
        29,
        entry('cronSpec', msg().bytes(5, 'string').bytes(8, msg().bytes(1, '"* * * * *"'))),
      )
      .bytes(29, entry('tags', msg().bytes(5, 'array').bytes(24, msg().bytes(1, str))))
      .bytes(29, entry('labels', msg().bytes(5, 'object').bytes(30, msg().bytes(2, str))))
      .bytes(29, entry('extra', msg().bytes(5, 'object').bytes(30, msg().varint(1, true))))
      .bytes(20, msg().bytes(1, '{"a":1}'));
    const version = msg()
      .bytes(1, 'v1')
      .varint(2, true)
      .varint(3, true)
      .bytes(4, msg().bytes(1, props));
    const names = msg().bytes(1, 'crontabs').bytes(4, 'CronTab').bytes(3, 'ct');
    const spec = msg()
      .bytes(1, 'stable.example.com')
      .bytes(3, names)
      .bytes(4, 'Namespaced')
      .bytes(7, version);
    const crd = decodeProtobufObject(
      envelope(
        'apiextensions.k8s.io/v1',
        'CustomResourceDefinition',
        msg().bytes(1, meta('crontabs.stable.example.com')).bytes(2, spec),
      ),
    );
    // biome-ignore lint/suspicious/noExplicitAny: reading the decoded JSON
    const crdSpec = crd.spec as any;
    expect(crdSpec.names).toEqual({ plural: 'crontabs', shortNames: ['ct'], kind: 'CronTab' });
    expect(crdSpec.versions[0].schema.openAPIV3Schema).toEqual({
      type: 'object',
      enum: [{ a: 1 }],
      properties: {
        cronSpec: { type: 'string', default: '* * * * *' },
        tags: { type: 'array', items: { type: 'string' } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        extra: { type: 'object', additionalProperties: true },
      },
    });
  });
});
