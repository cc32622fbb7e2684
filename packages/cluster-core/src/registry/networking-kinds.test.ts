import { describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../api/object';
import { fakeContext } from './fake-strategy-context';
import { ingressClasses } from './ingressclasses';
import { ingresses } from './ingresses';
import { networkPolicies } from './networkpolicies';

const ctx = fakeContext();
const NOW = { now: Date.parse('2024-01-01T01:00:00Z') };
const msgs = (errs: { message(): string }[] | undefined) => (errs ?? []).map((e) => e.message());
const meta = (name: string, namespace?: string) => ({
  name,
  namespace,
  creationTimestamp: '2024-01-01T00:00:00Z',
});

const backend = (name = 'web', number = 80) => ({ service: { name, port: { number } } });

describe('Ingress', () => {
  test('an ingress needs rules or a default backend', () => {
    const ing: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('i', 'default'),
      spec: {},
    };
    expect(msgs(ingresses.validate?.(ing, ctx))).toEqual([
      'spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
    ]);
  });

  test('paths need a pathType, an absolute path and a backend port', () => {
    const ing: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('i', 'default'),
      spec: {
        rules: [
          {
            host: 'foo.example.com',
            http: {
              paths: [
                { path: '/a', backend: backend() },
                { path: 'b', pathType: 'Prefix', backend: { service: { name: 'web', port: {} } } },
                { path: '/c', pathType: 'Regex', backend: backend() },
              ],
            },
          },
        ],
      },
    };
    expect(msgs(ingresses.validate?.(ing, ctx))).toEqual([
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
      'spec.rules[0].http.paths[1].path: Invalid value: "b": must be an absolute path',
      'spec.rules[0].http.paths[1].backend: Required value: port name or number is required',
      'spec.rules[0].http.paths[2].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    ]);
  });

  test('hosts may not be IPs; wildcards must be well formed', () => {
    const ing: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('i', 'default'),
      spec: { rules: [{ host: '10.0.0.1' }, { host: '*.example.com' }] },
    };
    expect(msgs(ingresses.validate?.(ing, ctx))).toEqual([
      'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
    ]);
  });

  test('create clears status and takes the default IngressClass', () => {
    const cls = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: {
        name: 'nginx',
        annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' },
      },
    };
    const c = fakeContext([{ group: 'networking.k8s.io', plural: 'ingressclasses', object: cls }]);
    const ing: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('i', 'default'),
      spec: { defaultBackend: backend() },
      status: { x: 1 },
    };
    ingresses.prepareForCreate?.(ing, c);
    expect(ing.status).toEqual({ loadBalancer: {} });
    expect(ing.spec.ingressClassName).toBe('nginx');
  });

  test('the row shows class, hosts, address and ports', () => {
    const ing: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('i', 'default'),
      spec: {
        rules: [{ host: 'a.com' }, { host: 'b.com' }, {}, { host: 'c.com' }, { host: 'd.com' }],
        tls: [{ hosts: ['a.com'] }],
      },
      status: { loadBalancer: { ingress: [{ ip: '172.18.0.5' }] } },
    };
    expect(ingresses.row(ing, NOW)).toEqual([
      'i',
      '<none>',
      'a.com,b.com,c.com + 2 more...',
      '172.18.0.5',
      '80, 443',
      '60m',
    ]);
  });

  test('the ingress.class annotation draws the deprecation warning', () => {
    const ing: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        ...meta('i', 'default'),
        annotations: { 'kubernetes.io/ingress.class': 'nginx' },
      },
      spec: {},
    };
    expect(ingresses.warnings?.(ing, undefined)).toEqual([
      `annotation "kubernetes.io/ingress.class" is deprecated, please use 'spec.ingressClassName' instead`,
    ]);
  });
});

describe('IngressClass', () => {
  test('the controller must be domain prefixed and cannot change; parameters default to Cluster scope', () => {
    const ic: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: meta('nginx'),
      spec: { controller: 'nginx', parameters: { kind: 'Config', name: 'c' } },
    };
    ingressClasses.defaults?.(ic);
    expect(ic.spec.parameters.scope).toBe('Cluster');
    expect(msgs(ingressClasses.validate?.(ic, ctx))).toEqual([
      'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
    const next = { ...ic, spec: { controller: 'k8s.io/other' } };
    expect(msgs(ingressClasses.validateUpdate?.(next, ic, ctx))).toEqual([
      'spec.controller: Invalid value: "k8s.io/other": field is immutable',
    ]);
    expect(
      ingressClasses.row(
        {
          ...ic,
          spec: {
            controller: 'k8s.io/ingress-nginx',
            parameters: { kind: 'Config', apiGroup: 'acme.io', name: 'c' },
          },
        },
        NOW,
      ),
    ).toEqual(['nginx', 'k8s.io/ingress-nginx', 'Config.acme.io/c', '60m']);
  });
});

describe('NetworkPolicy', () => {
  test('policyTypes derive from the rules and ports default to TCP', () => {
    const np: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('np', 'default'),
      spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] },
    };
    networkPolicies.defaults?.(np);
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.egress[0].ports[0]).toEqual({ port: 53, protocol: 'TCP' });
    const ingressOnly: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('d', 'default'),
      spec: { podSelector: {} },
    };
    networkPolicies.defaults?.(ingressOnly);
    expect(ingressOnly.spec.policyTypes).toEqual(['Ingress']);
  });

  test('peers, ipBlocks and ports are validated as upstream', () => {
    const np: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('np', 'default'),
      spec: {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [
          {
            from: [
              {},
              { ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] }, podSelector: {} },
            ],
            ports: [{ port: 70000 }],
          },
        ],
      },
    };
    expect(msgs(networkPolicies.validate?.(np, ctx))).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.ingress[0].from[0]: Required value: must specify a peer',
      'spec.ingress[0].from[1].ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`',
      'spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer',
    ]);
    expect(networkPolicies.row(np, NOW)).toEqual(['np', 'app=db', '60m']);
  });
});
