import { describe, expect, test } from '@jest/globals';
import { MessageRegistry } from './descriptors';
import { messages } from './messages';
import { messageForKind } from './scheme';

describe('message tables', () => {
  test('every message parses and every message it refers to is defined', () => {
    const missing: string[] = [];
    for (const name of messages.names()) {
      for (const field of messages.message(name).fields) {
        if (field.value.kind === 'message' && !messages.has(field.value.message))
          missing.push(`${name}.${field.jsonName} -> ${field.value.message}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('the message of a kind is its name in the package of its group version', () => {
    expect(messages.messageOf('apps/v1', 'Deployment')).toBe('apps.v1.Deployment');
    expect(messages.messageOf('v1', 'Pod')).toBe('core.v1.Pod');
    expect(messages.messageOf('apps/v1', 'Pod')).toBeUndefined();
    expect(messages.messageOf('stable.example.com/v1', 'CronTab')).toBeUndefined();
  });

  test('the kinds kubectl creates through typed clients are covered', () => {
    const kinds = [
      ['v1', 'ConfigMap'],
      ['v1', 'Secret'],
      ['v1', 'Namespace'],
      ['v1', 'ServiceAccount'],
      ['v1', 'Service'],
      ['v1', 'Pod'],
      ['v1', 'ResourceQuota'],
      ['v1', 'LimitRange'],
      ['v1', 'PersistentVolumeClaim'],
      ['v1', 'Event'],
      ['apps/v1', 'Deployment'],
      ['apps/v1', 'ReplicaSet'],
      ['apps/v1', 'StatefulSet'],
      ['apps/v1', 'DaemonSet'],
      ['batch/v1', 'Job'],
      ['batch/v1', 'CronJob'],
      ['rbac.authorization.k8s.io/v1', 'Role'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
      ['policy/v1', 'PodDisruptionBudget'],
      ['policy/v1', 'Eviction'],
      ['scheduling.k8s.io/v1', 'PriorityClass'],
      ['networking.k8s.io/v1', 'Ingress'],
      ['networking.k8s.io/v1', 'IngressClass'],
      ['networking.k8s.io/v1', 'NetworkPolicy'],
      ['authentication.k8s.io/v1', 'TokenRequest'],
      ['authorization.k8s.io/v1', 'SelfSubjectAccessReview'],
      ['authorization.k8s.io/v1', 'SelfSubjectRulesReview'],
      ['autoscaling/v1', 'HorizontalPodAutoscaler'],
      ['autoscaling/v2', 'HorizontalPodAutoscaler'],
      ['certificates.k8s.io/v1', 'CertificateSigningRequest'],
    ];
    expect(kinds.filter(([v, k]) => !messageForKind(v, k))).toEqual([]);
  });

  test('rejects a table that defines a message twice or reuses a field number', () => {
    const table = { package: 'x.v1', messages: { A: { a: '1 string' } } };
    expect(() => new MessageRegistry([table, table])).toThrow('defined twice');
    const reused = new MessageRegistry([
      { package: 'x.v1', messages: { A: { a: '1 string', b: '1 int32' } } },
    ]);
    expect(() => reused.message('x.v1.A')).toThrow('used twice');
  });
});
