/**
 * The PodSecurity admission plugin through kubectl, as a 1.33 kube-apiserver answers: enforce
 * refuses, warn warns, workloads get warnings, namespace labels are validated and tightening
 * enforce lists the existing pods that would not be admitted.
 */
import { KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';
import { nsFor } from './upstream-fixtures';

describe.each(KUBECTL_VERSIONS)('PodSecurity admission with kubectl %s', (version) => {
  let t: TestCluster;
  const ns = nsFor('pss', version);
  const k = (args: string[], stdin?: string) => t.kubectl(['-n', ns, ...args], { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(['-n', ns, ...args], { version, stdin });
  const RESTRICTED_NGINX = (name: string) =>
    `violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "${name}" must set securityContext.allowPrivilegeEscalation=false), ` +
    `unrestricted capabilities (container "${name}" must set securityContext.capabilities.drop=["ALL"]), ` +
    `runAsNonRoot != true (pod or container "${name}" must set securityContext.runAsNonRoot=true), ` +
    `seccompProfile (pod or container "${name}" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`;

  beforeAll(async () => {
    t = await startCluster();
    await t.ok(['create', 'namespace', ns], { version });
    await ok(['run', 'before', '--image=nginx']);
  });
  afterAll(async () => {
    await t.close();
  });

  test('labelling enforce=restricted warns about the pods already there', async () => {
    const r = await t.kubectl(
      ['label', 'ns', ns, 'pod-security.kubernetes.io/enforce=restricted'],
      { version },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `Warning: existing pods in namespace "${ns}" violate the new PodSecurity enforce level "restricted:latest"\n` +
        'Warning: before: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile\n',
    );
    expect(r.stdout).toBe(`namespace/${ns} labeled\n`);
  });

  test('enforce refuses a pod that breaks the level, and admits one that follows it', async () => {
    const refused = await k(['run', 'plain', '--image=nginx']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `Error from server (Forbidden): pods "plain" is forbidden: ${RESTRICTED_NGINX('plain')}\n`,
    );
    const compliant = `apiVersion: v1
kind: Pod
metadata: {name: compliant}
spec:
  securityContext: {runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: c
    image: nginx
    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`;
    expect(await ok(['apply', '-f', '-'], compliant)).toBe('pod/compliant created\n');
  });

  test('a Deployment is admitted with a warning, its ReplicaSet cannot create the pods', async () => {
    const r = await k(['create', 'deployment', 'web', '--image=nginx']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `Warning: would violate PodSecurity "restricted:latest": ${RESTRICTED_NGINX('nginx').replace('violates PodSecurity "restricted:latest": ', '')}\n`,
    );
    for (let i = 0; i < 50; i++) {
      const events = await ok([
        'get',
        'events',
        '--field-selector',
        'reason=FailedCreate',
        '-o',
        'jsonpath={.items[*].message}',
      ]);
      if (events.includes('violates PodSecurity')) return;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('no FailedCreate event from the ReplicaSet');
  });

  test('baseline with warn=restricted refuses privileged pods and warns about the rest', async () => {
    await t.ok(
      [
        'label',
        'ns',
        ns,
        'pod-security.kubernetes.io/enforce=baseline',
        'pod-security.kubernetes.io/warn=restricted',
        '--overwrite',
      ],
      { version },
    );
    const privileged = await k(['run', 'priv', '--image=nginx', '--privileged']);
    expect(privileged.stderr).toBe(
      'Error from server (Forbidden): pods "priv" is forbidden: violates PodSecurity "baseline:latest": privileged (container "priv" must not set securityContext.privileged=true)\n',
    );
    const warned = await k(['run', 'warned', '--image=nginx']);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toBe(
      `Warning: would violate PodSecurity "restricted:latest": ${RESTRICTED_NGINX('warned').replace('violates PodSecurity "restricted:latest": ', '')}\n`,
    );
  });

  test('invalid PodSecurity labels make the namespace invalid', async () => {
    const bad = await t.kubectl(['label', 'ns', ns, 'pod-security.kubernetes.io/audit=strict'], {
      version,
    });
    expect(bad.stderr).toBe(
      `The Namespace "${ns}" is invalid: metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: "strict": must be one of privileged, baseline, restricted\n`,
    );
    const version2 = await t.kubectl(
      ['label', 'ns', ns, 'pod-security.kubernetes.io/enforce-version=1.30'],
      { version },
    );
    expect(version2.stderr).toContain(
      'metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: "1.30": must be "latest" or "v1.x"',
    );
  });
});
