/**
 * The CSR controllers of kube-controller-manager on a manual clock: the signer issues approved
 * requests, and the cleaner deletes decided requests after an hour and pending ones after a day,
 * at its hourly polls.
 */
import type { KubeObject } from '../../src/api/object';
import { ADMIN_USER } from '../../src/apiserver/context';
import { cleanupDeadline } from '../../src/controllers/csr-cleaner';
import { makeCertificateRequest } from '../../src/registry/fake-certificate-requests';
import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

const GROUP = 'certificates.k8s.io';
const PLURAL = 'certificatesigningrequests';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('CSR controllers', () => {
  let c: SimulatedCluster;
  let request: string;
  beforeAll(async () => {
    request = Buffer.from(await makeCertificateRequest('CN=jane')).toString('base64');
  });
  beforeEach(() => {
    c = simulatedCluster({ nodes: 1 });
  });
  afterEach(async () => {
    await c.close();
  });

  const create = (name: string): KubeObject =>
    c.create(GROUP, PLURAL, {
      apiVersion: `${GROUP}/v1`,
      kind: 'CertificateSigningRequest',
      metadata: { name },
      spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] },
    });
  const decide = (obj: KubeObject, type: 'Approved' | 'Denied') => {
    const r = c.cluster.core.resources.preferred(GROUP, PLURAL);
    if (!r) throw new Error('not served');
    const ctx = {
      user: ADMIN_USER,
      dryRun: false,
      fieldManager: 'kubectl',
      fieldValidation: 'Ignore' as const,
      warnings: [],
    };
    c.cluster.core.rest.update(
      r,
      undefined,
      obj.metadata.name ?? '',
      { ...obj, status: { conditions: [{ type, status: 'True' }] } },
      ctx,
      'approval',
    );
  };
  /** Signing runs on WebCrypto's thread pool: wait in real time, not on the manual clock. */
  const issued = async (name: string) => {
    for (let i = 0; i < 300 && !c.get(GROUP, PLURAL, undefined, name)?.status?.certificate; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return c.get(GROUP, PLURAL, undefined, name);
  };

  test('the cleaner deletes issued and denied requests at the first hourly poll an hour after the decision', async () => {
    decide(create('approved'), 'Approved');
    decide(create('denied'), 'Denied');
    create('pending');
    expect((await issued('approved'))?.status?.certificate).toBeTruthy();
    await c.advance(HOUR, MINUTE);
    expect(c.get(GROUP, PLURAL, undefined, 'approved')).toBeDefined();
    await c.advance(HOUR, MINUTE);
    expect(c.get(GROUP, PLURAL, undefined, 'approved')).toBeUndefined();
    expect(c.get(GROUP, PLURAL, undefined, 'denied')).toBeUndefined();
    expect(c.get(GROUP, PLURAL, undefined, 'pending')).toBeDefined();
    await c.advance(23 * HOUR, 10 * MINUTE);
    expect(c.get(GROUP, PLURAL, undefined, 'pending')).toBeUndefined();
  });

  test('an approved request without a certificate stays; a pending one goes after a day', () => {
    const deadline = cleanupDeadline({
      apiVersion: `${GROUP}/v1`,
      kind: 'CertificateSigningRequest',
      metadata: { name: 'x', creationTimestamp: '2026-01-01T00:00:00Z' },
      status: {
        conditions: [{ type: 'Approved', status: 'True', lastUpdateTime: '2026-01-01T00:00:00Z' }],
      },
    });
    expect(deadline).toBeUndefined();
    expect(
      cleanupDeadline({
        apiVersion: 'v1',
        kind: 'x',
        metadata: { creationTimestamp: '2026-01-01T00:00:00Z' },
      }),
    ).toBe(Date.parse('2026-01-02T00:00:00Z'));
  });
});
