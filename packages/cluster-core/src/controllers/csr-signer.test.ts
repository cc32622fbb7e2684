import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../api/object';
import { verifyClientCertificate } from '../apiserver/client-certs';
import { ADMIN_USER, type RequestContext } from '../apiserver/context';
import type { ServedResource } from '../apiserver/resources';
import { type CertificateAuthority, createCertificateAuthority } from '../apiserver/tls';
import { ManualClock } from '../clock';
import { type Cluster, createCluster } from '../cluster';
import { certificateSubject, parseCertificateRequest } from '../registry/certificate-request';
import { makeCertificateRequest } from '../registry/fake-certificate-requests';
import { CERT_TTL, certificateDuration, issueCertificate, SIGNERS } from './csr-signer';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const MINUTE = 60_000;

describe('the signing policy', () => {
  test('the requested duration is honoured between ten minutes and the signer maximum', () => {
    expect(certificateDuration(undefined)).toBe(CERT_TTL);
    expect(certificateDuration(3600)).toBe(3600_000);
    expect(certificateDuration(600)).toBe(600_000);
    expect(certificateDuration(10 * 365 * 86400)).toBe(CERT_TTL);
  });

  test('kube-apiserver-client wants client auth and nothing beyond the signature usages', async () => {
    const req = parseCertificateRequest(Buffer.from(await makeCertificateRequest('CN=jane')));
    const check = SIGNERS['kubernetes.io/kube-apiserver-client'];
    expect(check(req, ['digital signature', 'key encipherment', 'client auth'])).toBeUndefined();
    expect(check(req, ['digital signature'])).toBe(
      'missing required usage for client certificate: client auth',
    );
    expect(check(req, ['client auth', 'server auth'])).toBe(
      'invalid usage for client certificate: server auth',
    );
  });

  test('kubelet signers want system:nodes and a system:node: name', async () => {
    const node = parseCertificateRequest(
      Buffer.from(await makeCertificateRequest('CN=system:node:worker, O=system:nodes')),
    );
    const other = parseCertificateRequest(Buffer.from(await makeCertificateRequest('CN=jane')));
    const client = SIGNERS['kubernetes.io/kube-apiserver-client-kubelet'];
    expect(client(node, ['digital signature', 'client auth'])).toBeUndefined();
    expect(client(other, ['client auth'])).toBe('subject organization is not system:nodes');
    expect(client(node, ['client auth'])).toBe(
      'usages did not match [client auth digital signature key encipherment]',
    );
    expect(
      SIGNERS['kubernetes.io/kubelet-serving'](node, ['digital signature', 'server auth']),
    ).toBe('DNS or IP subjectAltName is required');
  });
});

describe('issued certificates', () => {
  let ca: CertificateAuthority;
  beforeAll(async () => {
    ca = await createCertificateAuthority(NOW);
  });

  test('carry the request subject, usages and SANs, backdated five minutes, signed by the CA', async () => {
    const req = parseCertificateRequest(
      Buffer.from(
        await makeCertificateRequest('CN=jane, O=dev, O=ops', {
          sans: [{ type: 'dns', value: 'jane.example' }],
        }),
      ),
    );
    const pem = await issueCertificate(
      ca,
      req,
      ['digital signature', 'key encipherment', 'client auth'],
      3600_000,
      NOW,
    );
    const cert = new X509Certificate(pem);
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(certificateSubject(cert.raw)).toMatchObject({
      commonName: 'jane',
      organization: ['dev', 'ops'],
    });
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(cert.subjectAltName).toBe('DNS:jane.example');
    expect(cert.ca).toBe(false);
    expect(Date.parse(cert.validFrom)).toBe(NOW - 5 * MINUTE);
    // short-lived certificates keep their full end; long ones lose the backdate there too
    expect(Date.parse(cert.validTo)).toBe(NOW + 60 * MINUTE);
    const long = new X509Certificate(
      await issueCertificate(ca, req, ['client auth'], CERT_TTL, NOW),
    );
    expect(Date.parse(long.validTo)).toBe(NOW + CERT_TTL - 5 * MINUTE);
  });

  test('authenticate as CommonName with Organizations as groups', async () => {
    const req = parseCertificateRequest(
      Buffer.from(await makeCertificateRequest('CN=jane, O=dev')),
    );
    const cert = new X509Certificate(
      await issueCertificate(ca, req, ['client auth'], 3600_000, NOW),
    );
    const verified = verifyClientCertificate(ca, cert);
    expect(verified?.user).toEqual({
      username: 'jane',
      groups: ['dev', 'system:authenticated'],
      extra: {
        'authentication.kubernetes.io/credential-id': [
          expect.stringMatching(/^X509SHA256=[0-9a-f]{64}$/),
        ],
      },
    });
    expect(verified?.notAfter).toBe(NOW + 60 * MINUTE);
    const serverOnly = new X509Certificate(
      await issueCertificate(ca, req, ['server auth'], 3600_000, NOW),
    );
    expect(verifyClientCertificate(ca, serverOnly)).toBeUndefined();
    const foreign = await createCertificateAuthority(NOW);
    expect(verifyClientCertificate(foreign, cert)).toBeUndefined();
  });
});

describe('the signing controller', () => {
  let cluster: Cluster;
  let r: ServedResource;
  const ctx: RequestContext = {
    user: ADMIN_USER,
    dryRun: false,
    fieldManager: 'kubectl',
    fieldValidation: 'Ignore',
    warnings: [],
  };
  const get = (name: string) => cluster.core.rest.get(r, undefined, name);
  const until = async (name: string, predicate: (o: KubeObject) => boolean) => {
    for (let i = 0; i < 200 && !predicate(get(name)); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    return get(name);
  };
  const create = async (name: string, subject: string, usages: string[]) =>
    cluster.core.rest.create(
      r,
      undefined,
      {
        apiVersion: 'certificates.k8s.io/v1',
        kind: 'CertificateSigningRequest',
        metadata: { name },
        spec: {
          request: Buffer.from(await makeCertificateRequest(subject)).toString('base64'),
          signerName: 'kubernetes.io/kube-apiserver-client',
          usages,
        },
      },
      ctx,
    );
  const approve = (obj: KubeObject) =>
    cluster.core.rest.update(
      r,
      undefined,
      obj.metadata.name ?? '',
      { ...obj, status: { conditions: [{ type: 'Approved', status: 'True', reason: 'Test' }] } },
      ctx,
      'approval',
    );

  beforeAll(() => {
    cluster = createCluster({ clock: new ManualClock(NOW), nodes: 1 });
    r = cluster.core.resources.preferred(
      'certificates.k8s.io',
      'certificatesigningrequests',
    ) as ServedResource;
  });
  afterAll(async () => {
    await cluster.close();
  });

  test('issues a certificate for an approved request and leaves pending ones alone', async () => {
    const pending = await create('pending', 'CN=pending', ['client auth']);
    approve(await create('jane', 'CN=jane, O=dev', ['digital signature', 'client auth']));
    const issued = await until('jane', (o) => Boolean(o.status?.certificate));
    const cert = new X509Certificate(Buffer.from(issued.status.certificate, 'base64'));
    expect(certificateSubject(cert.raw).commonName).toBe('jane');
    expect(Date.parse(cert.validFrom)).toBe(NOW - 5 * MINUTE);
    expect(issued.status.conditions.map((c: { type: string }) => c.type)).toEqual(['Approved']);
    expect(get('pending').status).toEqual(pending.status);
  });

  test('marks a request its signer refuses as Failed', async () => {
    approve(await create('server', 'CN=web', ['server auth']));
    const failed = await until('server', (o) => (o.status?.conditions ?? []).length > 1);
    expect(failed.status.conditions[1]).toMatchObject({
      type: 'Failed',
      status: 'True',
      reason: 'SignerValidationFailure',
      message: 'invalid usage for client certificate: server auth',
    });
    expect(failed.status.certificate).toBeUndefined();
  });
});
