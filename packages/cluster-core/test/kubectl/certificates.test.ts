/**
 * The CKA client-certificate task with the real kubectl and openssl: a key and CSR made with
 * openssl, a CertificateSigningRequest from YAML, `kubectl certificate approve|deny`, the issued
 * certificate in a kubeconfig user, and that user's requests decided by RBAC.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const openssl = (args: string[], cwd: string) =>
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

function csrYaml(name: string, request: Buffer, extra = ''): string {
  return `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: ${name}
spec:
  request: ${request.toString('base64')}
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 86400
  usages:
  - client auth
${extra}`;
}

describe.each(KUBECTL_VERSIONS)('certificates with kubectl %s', (version) => {
  let t: TestCluster;
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const rows = (out: string) => out.trim().split('\n').map(columns);
  /** A key and CSR as the learner makes them. */
  const request = (user: string, subject: string): Buffer => {
    openssl(['genrsa', '-out', `${user}.key`, '2048'], t.dir);
    openssl(['req', '-new', '-key', `${user}.key`, '-out', `${user}.csr`, '-subj', subject], t.dir);
    return readFileSync(join(t.dir, `${user}.csr`));
  };
  const condition = async (name: string) => rows(await ok(['get', 'csr', name]))[1][5];

  beforeAll(async () => {
    t = await startCluster();
  });
  afterAll(async () => {
    await t.close();
  });

  test('an approved CSR is issued and its certificate authenticates the user, whom RBAC then governs', async () => {
    const csr = request('jane', '/CN=jane/O=developers');
    expect(await ok(['create', '-f', '-'], csrYaml('jane', csr))).toBe(
      'certificatesigningrequest.certificates.k8s.io/jane created\n',
    );
    expect(rows(await ok(['get', 'csr']))).toEqual([
      ['NAME', 'AGE', 'SIGNERNAME', 'REQUESTOR', 'REQUESTEDDURATION', 'CONDITION'],
      [
        'jane',
        expect.any(String),
        'kubernetes.io/kube-apiserver-client',
        'kubernetes-admin',
        '24h',
        'Pending',
      ],
    ]);

    expect(await ok(['certificate', 'approve', 'jane'])).toBe(
      'certificatesigningrequest.certificates.k8s.io/jane approved\n',
    );
    await eventually(
      () => condition('jane'),
      (c) => c === 'Approved,Issued',
    );
    const approved = JSON.parse(await ok(['get', 'csr', 'jane', '-o', 'json']));
    expect(approved.status.conditions).toEqual([
      expect.objectContaining({
        type: 'Approved',
        status: 'True',
        reason: 'KubectlApprove',
        message: 'This CSR was approved by kubectl certificate approve.',
      }),
    ]);
    expect(approved.status.conditions[0].lastTransitionTime).toEqual(expect.any(String));

    const cert = Buffer.from(
      await ok(['get', 'csr', 'jane', '-o', 'jsonpath={.status.certificate}']),
      'base64',
    );
    t.file('jane.crt', cert.toString());
    t.file('ca.crt', (await t.cluster.core.ca.get()).certPem);
    expect(openssl(['verify', '-CAfile', 'ca.crt', 'jane.crt'], t.dir)).toBe('jane.crt: OK\n');
    expect(openssl(['x509', '-in', 'jane.crt', '-noout', '-subject'], t.dir)).toBe(
      'subject=O = developers, CN = jane\n',
    );
    expect(
      openssl(['x509', '-in', 'jane.crt', '-noout', '-ext', 'extendedKeyUsage'], t.dir),
    ).toContain('TLS Web Client Authentication');

    const kubeconfig = join(t.dir, 'jane.kubeconfig');
    copyFileSync(t.kubeconfig, kubeconfig);
    const asJane = (args: string[]) => k([`--kubeconfig=${kubeconfig}`, ...args]);
    await ok([
      `--kubeconfig=${kubeconfig}`,
      'config',
      'set-credentials',
      'jane',
      '--client-key=jane.key',
      '--client-certificate=jane.crt',
      '--embed-certs=true',
    ]);
    await ok([
      `--kubeconfig=${kubeconfig}`,
      'config',
      'set-context',
      'jane',
      '--cluster=kubebelt',
      '--user=jane',
    ]);

    const denied = await asJane(['--context', 'jane', 'get', 'pods']);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain(
      'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"',
    );

    await ok(['create', 'role', 'developer', '--verb=get,list,watch', '--resource=pods']);
    await ok(['create', 'rolebinding', 'developer-jane', '--role=developer', '--user=jane']);
    const allowed = await asJane(['--context', 'jane', 'get', 'pods']);
    expect(allowed.stderr).toBe('No resources found in default namespace.\n');
    expect(allowed.code).toBe(0);
    const other = await asJane(['--context', 'jane', 'get', 'deployments']);
    expect(other.stderr).toContain(
      'User "jane" cannot list resource "deployments" in API group "apps" in the namespace "default"',
    );

    const whoami = await asJane(['--context', 'jane', 'auth', 'whoami']);
    expect(whoami.code).toBe(0);
    expect(whoami.stdout).toMatch(/Username\s+jane\n/);
    expect(whoami.stdout).toMatch(/Groups\s+\[developers system:authenticated\]\n/);
    expect(whoami.stdout).toMatch(
      /Extra: authentication.kubernetes.io\/credential-id\s+\[X509SHA256=[0-9a-f]{64}\]/,
    );
    expect((await asJane(['--context', 'jane', 'auth', 'can-i', 'list', 'pods'])).stdout).toBe(
      'yes\n',
    );
    expect((await asJane(['--context', 'jane', 'auth', 'can-i', 'create', 'pods'])).stdout).toBe(
      'no\n',
    );

    // the admin's token keeps working beside client certificates
    expect((await asJane(['get', 'csr', 'jane', '-o', 'name'])).stdout).toBe(
      'certificatesigningrequest.certificates.k8s.io/jane\n',
    );
  });

  test('kube-root-ca.crt in every namespace holds the CA that signed the issued certificates', async () => {
    const ca = (await t.cluster.core.ca.get()).certPem;
    const published = await eventually(
      () =>
        ok([
          'get',
          'configmap',
          'kube-root-ca.crt',
          '-n',
          'kube-public',
          '-o',
          'jsonpath={.data.ca\\.crt}',
        ]),
      (pem) => pem === ca,
    );
    t.file('root-ca.crt', published);
    expect(openssl(['verify', '-CAfile', 'root-ca.crt', 'jane.crt'], t.dir)).toBe('jane.crt: OK\n');
  });

  test('a denied CSR gets no certificate and can no longer be approved', async () => {
    const csr = request('bob', '/CN=bob');
    await ok(['create', '-f', '-'], csrYaml('bob', csr));
    expect(await ok(['certificate', 'deny', 'bob'])).toBe(
      'certificatesigningrequest.certificates.k8s.io/bob denied\n',
    );
    expect(await condition('bob')).toBe('Denied');
    const again = await k(['certificate', 'approve', 'bob']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('error: certificate signing request "bob" is already Denied\n');
    const obj = JSON.parse(await ok(['get', 'csr', 'bob', '-o', 'json']));
    expect(obj.status.certificate).toBeUndefined();
    expect(
      obj.status.conditions.map((c: { type: string; reason: string }) => [c.type, c.reason]),
    ).toEqual([['Denied', 'KubectlDeny']]);
    await ok(['delete', 'csr', 'bob']);
  });

  test('a request that is not a PEM certificate request, or too short a duration, is invalid', async () => {
    const key = readFileSync(join(t.dir, 'jane.key'));
    const result = await k(['create', '-f', '-'], csrYaml('broken', key));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'The CertificateSigningRequest "broken" is invalid: spec.request: Invalid value: "',
    );
    expect(result.stderr).toContain('": PEM block type must be CERTIFICATE REQUEST');
    const short = await k(
      ['create', '-f', '-'],
      csrYaml('short', readFileSync(join(t.dir, 'jane.csr'))).replace('86400', '300'),
    );
    expect(short.stderr).toBe(
      'The CertificateSigningRequest "short" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 600 seconds (10 minutes)\n',
    );
  });
});
