import { groupVersionPriority } from './api-group-priorities';
import { groups } from './discovery';
import type { ServedResource } from './resources';

const served = (group: string, version: string) => ({ group, version }) as ServedResource;

describe('API group priorities', () => {
  test('discovery lists groups by groupPriorityMinimum, ties by APIService name, CRDs and metrics last', () => {
    const order = groups([
      served('metrics.k8s.io', 'v1beta1'),
      served('stable.example.com', 'v1'),
      served('flowcontrol.apiserver.k8s.io', 'v1'),
      served('apiextensions.k8s.io', 'v1'),
      served('admissionregistration.k8s.io', 'v1'),
      served('autoscaling', 'v1'),
      served('autoscaling', 'v2'),
      served('apps', 'v1'),
      served('', 'v1'),
    ]);
    expect(order.map((g) => g.name)).toEqual([
      '',
      'apps',
      'autoscaling',
      'admissionregistration.k8s.io',
      'apiextensions.k8s.io',
      'flowcontrol.apiserver.k8s.io',
      'stable.example.com',
      'metrics.k8s.io',
    ]);
    expect(order.find((g) => g.name === 'autoscaling')?.versions).toEqual(['v2', 'v1']);
  });

  test('APIService priorities come from kube-apiserver apiVersionPriorities, CRD groups at 1000/100', () => {
    expect(groupVersionPriority('', 'v1')).toEqual({
      groupPriorityMinimum: 18000,
      versionPriority: 1,
    });
    expect(groupVersionPriority('autoscaling', 'v2')).toEqual({
      groupPriorityMinimum: 17500,
      versionPriority: 30,
    });
    expect(groupVersionPriority('stable.example.com', 'v1')).toEqual({
      groupPriorityMinimum: 1000,
      versionPriority: 100,
    });
  });
});
