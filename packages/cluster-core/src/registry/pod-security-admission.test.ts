import { StatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { deployments } from './deployments';
import { fakeContext } from './fake-strategy-context';
import { namespaces } from './namespaces';
import { withPodSecurityAdmission } from './pod-security-admission';
import { evaluatePodSecurity, forbiddenDetail, LATEST } from './pod-security-checks';
import { pods } from './pods';

const ns = (labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'team', uid: 'ns-uid', labels },
});
const pod = (spec: Record<string, unknown>, name = 'p'): KubeObject => {
  const obj: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'team', uid: `uid-${name}` },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
  };
  pods.defaults?.(obj);
  return obj;
};

describe('Pod Security Standards checks', () => {
  test('a plain pod passes baseline and fails restricted on four checks, in upstream order', () => {
    const spec = { containers: [{ name: 'c', image: 'nginx' }] };
    expect(evaluatePodSecurity('baseline', LATEST, {}, spec)).toEqual([]);
    expect(forbiddenDetail(evaluatePodSecurity('restricted', LATEST, {}, spec))).toBe(
      'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  test('baseline reports host namespaces, privileged, capabilities, hostPath and hostPort with plurals', () => {
    const spec = {
      hostNetwork: true,
      hostPID: true,
      volumes: [{ name: 'h', hostPath: { path: '/' } }],
      containers: [
        {
          name: 'a',
          image: 'x',
          securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN', 'SYS_TIME'] } },
          ports: [{ containerPort: 80, hostPort: 8080 }],
        },
        {
          name: 'b',
          image: 'x',
          securityContext: { privileged: true },
          ports: [{ containerPort: 81, hostPort: 443 }],
        },
      ],
    };
    expect(forbiddenDetail(evaluatePodSecurity('baseline', LATEST, {}, spec))).toBe(
      'non-default capabilities (container "a" must not include "NET_ADMIN", "SYS_TIME" in securityContext.capabilities.add), ' +
        'host namespaces (hostNetwork=true, hostPID=true), ' +
        'hostPath volumes (volume "h"), ' +
        'hostPort (containers "a", "b" use hostPorts 443, 8080), ' +
        'privileged (containers "a", "b" must not set securityContext.privileged=true)',
    );
  });

  test('a pod that follows the restricted standard passes it', () => {
    const spec = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      volumes: [{ name: 'cfg', configMap: { name: 'x' } }],
      containers: [
        {
          name: 'c',
          image: 'x',
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
          },
        },
      ],
    };
    expect(evaluatePodSecurity('restricted', LATEST, {}, spec)).toEqual([]);
  });
});

describe('the PodSecurity admission plugin', () => {
  const admittedPods = withPodSecurityAdmission(pods);
  const ctxWith = (labels: Record<string, string>, extra: KubeObject[] = []) =>
    fakeContext([
      { group: '', plural: 'namespaces', object: ns(labels) },
      ...extra.map((object) => ({ group: '', plural: 'pods', object })),
    ]);

  test('enforce refuses a pod with the upstream Forbidden message', () => {
    let thrown: unknown;
    try {
      admittedPods.validate?.(
        pod({ hostNetwork: true }),
        ctxWith({ 'pod-security.kubernetes.io/enforce': 'baseline' }),
      );
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(StatusError);
    expect((thrown as StatusError).message).toBe(
      'pods "p" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)',
    );
  });

  test('warn accepts the pod and adds the warning after the strategy warnings; enforce sets warn to a stricter level', () => {
    const p = pod({});
    expect(
      admittedPods.validate?.(
        p,
        ctxWith({
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/warn-version': 'v1.30',
        }),
      ),
    ).toEqual([]);
    expect(admittedPods.warnings?.(p, undefined)).toEqual([
      expect.stringMatching(
        /^would violate PodSecurity "restricted:v1.30": allowPrivilegeEscalation != false/,
      ),
    ]);
    const q = pod({ hostPID: true }, 'q');
    expect(() =>
      admittedPods.validate?.(
        q,
        ctxWith({
          'pod-security.kubernetes.io/enforce': 'privileged',
          'pod-security.kubernetes.io/warn': 'baseline',
        }),
      ),
    ).not.toThrow();
    expect(admittedPods.warnings?.(q, undefined)).toEqual([
      'would violate PodSecurity "baseline:latest": host namespaces (hostPID=true)',
    ]);
  });

  test('workloads only get the warning, for their pod template', () => {
    const admitted = withPodSecurityAdmission(deployments);
    const d: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'team' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { hostIPC: true, containers: [{ name: 'c', image: 'x' }] },
        },
      },
    };
    deployments.defaults?.(d);
    expect(() =>
      admitted.validate?.(d, ctxWith({ 'pod-security.kubernetes.io/enforce': 'baseline' })),
    ).not.toThrow();
    expect(admitted.warnings?.(d, undefined)).toContain(
      'would violate PodSecurity "baseline:latest": host namespaces (hostIPC=true)',
    );
  });

  test('namespace labels are validated, and a stricter enforce level warns about existing pods', () => {
    const admitted = withPodSecurityAdmission(namespaces);
    const bad = {
      ...ns({ 'pod-security.kubernetes.io/enforce': 'strict' }),
      metadata: {
        name: 'other',
        uid: 'o',
        labels: { 'pod-security.kubernetes.io/enforce': 'strict' },
      },
    };
    expect((admitted.validate?.(bad, fakeContext()) ?? []).map((e) => e.message())).toEqual([
      'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
    ]);
    const existing = [
      pod({ hostNetwork: true }, 'web-1'),
      pod({ hostNetwork: true }, 'web-0'),
      pod({}, 'plain'),
    ];
    const next = ns({ 'pod-security.kubernetes.io/enforce': 'baseline' });
    expect(admitted.validateUpdate?.(next, ns({}), ctxWith({}, existing))).toEqual([]);
    expect(admitted.warnings?.(next, ns({}))).toEqual([
      'existing pods in namespace "team" violate the new PodSecurity enforce level "baseline:latest"',
      'web-0 (and 1 other pod): host namespaces',
    ]);
  });
});
