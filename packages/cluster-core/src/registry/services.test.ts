import { describe, expect, test } from '@jest/globals';
import { StatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { fakeContext } from './fake-strategy-context';
import { services } from './services';

function svc(spec: Record<string, unknown>, name = 'web'): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
}

function create(obj: KubeObject, ctx = fakeContext()): KubeObject {
  services.defaults?.(obj);
  services.prepareForCreate?.(obj, ctx);
  return obj;
}

function messages(obj: KubeObject): string[] {
  return (services.validate?.(obj, fakeContext()) ?? []).map((e) => e.message());
}

describe('Service defaults', () => {
  test('a bare port gets type ClusterIP, TCP, targetPort = port and single-stack IPv4', () => {
    const obj = create(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }));
    expect(obj.spec.type).toBe('ClusterIP');
    expect(obj.spec.sessionAffinity).toBe('None');
    expect(obj.spec.ports[0]).toEqual({ port: 80, protocol: 'TCP', targetPort: 80 });
    expect(obj.spec.ipFamilies).toEqual(['IPv4']);
    expect(obj.spec.ipFamilyPolicy).toBe('SingleStack');
    expect(obj.spec.internalTrafficPolicy).toBe('Cluster');
    expect(obj.spec.externalTrafficPolicy).toBeUndefined();
    expect(obj.spec.clusterIP).toMatch(/^10\.(9[6-9]|1[01][0-9])\.\d+\.\d+$/);
    expect(obj.spec.clusterIPs).toEqual([obj.spec.clusterIP]);
    expect(obj.status).toEqual({ loadBalancer: {} });
    expect(messages(obj)).toEqual([]);
  });

  test('NodePort services get externalTrafficPolicy Cluster and a node port in 30000-32767', () => {
    const obj = create(svc({ type: 'NodePort', ports: [{ port: 80, targetPort: 8080 }] }));
    expect(obj.spec.externalTrafficPolicy).toBe('Cluster');
    expect(obj.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(obj.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
  });

  test('ClientIP affinity gets the 10800 second timeout', () => {
    const obj = create(svc({ sessionAffinity: 'ClientIP', ports: [{ port: 80 }] }));
    expect(obj.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });

  test('headless services keep clusterIP None and get no allocation', () => {
    const obj = create(
      svc({ clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] }),
    );
    expect(obj.spec.clusterIPs).toEqual(['None']);
    expect(obj.spec.ipFamilies).toEqual(['IPv4']);
  });
});

describe('Service allocation', () => {
  const taken = svc(
    {
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      type: 'NodePort',
      ports: [{ port: 53, nodePort: 30053 }],
    },
    'dns',
  );

  test('a requested cluster IP that another Service holds is refused', () => {
    const ctx = fakeContext([{ group: '', plural: 'services', object: taken }]);
    expect(() => create(svc({ clusterIP: '10.96.0.10', ports: [{ port: 80 }] }), ctx)).toThrow(
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
  });

  test('a cluster IP outside the service range is refused', () => {
    expect(() => create(svc({ clusterIP: '192.168.1.1', ports: [{ port: 80 }] }))).toThrow(
      'failed to allocate IP 192.168.1.1: the provided IP (192.168.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
  });

  test('a node port out of range or taken is refused with the port allocator error', () => {
    const ctx = fakeContext([{ group: '', plural: 'services', object: taken }]);
    expect(() =>
      create(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }), ctx),
    ).toThrow(
      'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    expect(() =>
      create(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30053 }] }), ctx),
    ).toThrow('spec.ports[0].nodePort: Invalid value: 30053: provided port is already allocated');
  });

  test('an update that leaves out clusterIP and node ports keeps them', () => {
    const old = create(svc({ type: 'NodePort', ports: [{ name: 'http', port: 80 }] }));
    const next = svc({ type: 'NodePort', ports: [{ name: 'http', port: 80 }] });
    services.defaults?.(next);
    services.prepareForUpdate?.(next, old, fakeContext());
    expect(next.spec.clusterIP).toBe(old.spec.clusterIP);
    expect(next.spec.ports[0].nodePort).toBe(old.spec.ports[0].nodePort);
    expect(services.validateUpdate?.(next, old, fakeContext())).toEqual([]);
  });

  test('changing the cluster IP is refused as upstream: may not change once set', () => {
    const old = create(svc({ ports: [{ port: 80 }] }));
    const next = svc({ clusterIP: '10.96.5.5', ports: [{ port: 80 }] });
    services.defaults?.(next);
    services.prepareForUpdate?.(next, old, fakeContext());
    const errs = services.validateUpdate?.(next, old, fakeContext()).map((e) => e.message());
    expect(errs).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.5.5"}: may not change once set',
    ]);
  });

  test('switching NodePort to ClusterIP drops the node ports and the traffic policy', () => {
    const old = create(svc({ type: 'NodePort', ports: [{ port: 80 }] }));
    const next = structuredClone(old);
    next.spec.type = 'ClusterIP';
    services.defaults?.(next);
    services.prepareForUpdate?.(next, old, fakeContext());
    expect(next.spec.ports[0].nodePort).toBeUndefined();
    expect(next.spec.externalTrafficPolicy).toBeUndefined();
    expect(messages(next)).toEqual([]);
  });
});

describe('Service validation', () => {
  test('ports are required unless headless or ExternalName', () => {
    const obj = create(svc({ selector: { app: 'x' } }));
    expect(messages(obj)).toEqual(['spec.ports: Required value']);
    const ext = create(svc({ type: 'ExternalName', externalName: 'example.com' }));
    expect(messages(ext)).toEqual([]);
  });

  test('port numbers, protocols and names follow upstream texts', () => {
    const obj = create(
      svc({
        ports: [
          { port: 70000, protocol: 'HTTP' },
          { name: 'Bad_Name', port: 80, targetPort: 'http-web-svc-name' },
        ],
      }),
    );
    expect(messages(obj)).toEqual([
      'spec.ports[0].name: Required value',
      'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      `spec.ports[1].name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      'spec.ports[1].targetPort: Invalid value: "http-web-svc-name": must be no more than 15 characters',
    ]);
  });

  test('an unknown type is not supported', () => {
    const obj = create(svc({ type: 'Public', ports: [{ port: 80 }] }));
    expect(messages(obj)).toContain(
      'spec.type: Unsupported value: "Public": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
  });

  test('nodePort is forbidden on ClusterIP services', () => {
    const obj = svc({ type: 'ClusterIP', ports: [{ port: 80, nodePort: 30001 }] });
    services.defaults?.(obj);
    expect(messages(obj)).toContain(
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    );
  });

  test('duplicate ports print the Go struct as upstream', () => {
    const obj = create(
      svc({
        ports: [
          { name: 'a', port: 80 },
          { name: 'b', port: 80 },
        ],
      }),
    );
    expect(messages(obj)).toEqual([
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ]);
  });

  test('allocation errors are Invalid StatusErrors', () => {
    try {
      create(svc({ clusterIP: '1.2.3', ports: [{ port: 80 }] }));
      throw new Error('expected an error');
    } catch (err) {
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).message).toBe(
        'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "1.2.3": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      );
    }
  });
});

describe('Service printing', () => {
  test('rows show type, cluster IP, external IP, ports and selector', () => {
    const obj = create(
      svc({ type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080 }] }),
    );
    obj.metadata.creationTimestamp = '2023-12-31T23:59:00Z';
    const row = services.row(obj, { now: Date.parse('2024-01-01T00:00:00Z') });
    expect(row).toEqual([
      'web',
      'NodePort',
      obj.spec.clusterIP,
      '<none>',
      '80:30080/TCP',
      '60s',
      'app=web',
    ]);
  });

  test('LoadBalancer without ingress is pending; ExternalName shows the name', () => {
    const lb = create(svc({ type: 'LoadBalancer', ports: [{ port: 80 }] }));
    expect(services.row(lb, { now: 0 })[3]).toBe('<pending>');
    const ext = create(svc({ type: 'ExternalName', externalName: 'db.example.com' }));
    expect(services.row(ext, { now: 0 }).slice(2, 5)).toEqual([
      '<none>',
      'db.example.com',
      '<none>',
    ]);
  });
});

describe('Service field selectors', () => {
  test('spec.clusterIP and spec.type are selectable, as kube-proxy uses them', () => {
    const obj = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { type: 'NodePort', clusterIP: '10.96.0.20' },
    };
    expect(services.selectableFields?.['spec.clusterIP'](obj)).toBe('10.96.0.20');
    expect(services.selectableFields?.['spec.type'](obj)).toBe('NodePort');
    expect(services.selectableFields?.['spec.clusterIP']({ ...obj, spec: {} })).toBe('');
  });
});
