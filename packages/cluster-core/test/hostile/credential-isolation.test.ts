/**
 * Credentials stay in their cluster: cluster A's admin token, client certificate and
 * ServiceAccount token are refused (401) by cluster B, on B's own port and when both are mounted
 * under one listener by path prefix, and no path under A's prefix reaches B.
 */
import { webcrypto } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Cluster, createCluster, mountClusters } from '../../src';
import { createTlsMaterial, x509Module } from '../../src/apiserver/tls';

let a: Cluster;
let b: Cluster;
let saTokenOfA: string;
let clientCertOfA: { cert: string; key: string };
const servers: Server[] = [];

/** A client certificate for `system:masters` signed by `cluster`'s CA, as kubeadm's admin.conf. */
async function adminCertificate(cluster: Cluster): Promise<{ cert: string; key: string }> {
  const x509 = x509Module();
  const ca = await cluster.core.ca.get();
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
  const keys = (await webcrypto.subtle.generateKey(alg, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '01',
    subject: 'CN=kubernetes-admin, O=system:masters',
    issuer: ca.cert.subject,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3600_000),
    signingKey: ca.keys.privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: alg,
    extensions: [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
  });
  const der = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const key = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(der).toString('base64')}\n-----END PRIVATE KEY-----\n`;
  return { cert: cert.toString('pem'), key };
}

interface Credentials {
  token?: string;
  cert?: { cert: string; key: string };
}

/**
 * One HTTPS GET; the path is sent as written (no client-side cleaning of dot segments), and a
 * fresh connection is used unless an agent is given.
 */
function get(
  base: string,
  path: string,
  creds: Credentials,
  agent?: import('node:https').Agent,
): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        path,
        rejectUnauthorized: false,
        headers: creds.token ? { Authorization: `Bearer ${creds.token}` } : {},
        ...(creds.cert ?? {}),
        agent,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  a = createCluster({ name: 'a', nodes: 1 });
  b = createCluster({ name: 'b', nodes: 1 });
  const serviceAccounts = a.core.resources.preferred('', 'serviceaccounts');
  if (!serviceAccounts) throw new Error('serviceaccounts are not served');
  const sa = a.core.rest.get(serviceAccounts, 'default', 'default');
  saTokenOfA = a.core.tokens.issue(sa, { expirationSeconds: 3600, now: a.clock.now() }).token;
  clientCertOfA = await adminCertificate(a);
});

afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await a.close();
  await b.close();
});

const CREDENTIALS = ['admin token', 'client certificate', 'ServiceAccount token'] as const;

function credentialOfA(kind: (typeof CREDENTIALS)[number]): Credentials {
  if (kind === 'admin token') return { token: a.core.token };
  if (kind === 'client certificate') return { cert: clientCertOfA };
  return { token: saTokenOfA };
}

describe('each cluster on its own port', () => {
  let urlA: string;
  let urlB: string;
  beforeAll(async () => {
    urlA = await a.serve();
    urlB = await b.serve();
  });

  test.each(CREDENTIALS)("A's %s works on A and is 401 on B", async (kind) => {
    const creds = credentialOfA(kind);
    expect(await get(urlA, `/apis`, creds)).toBe(200);
    expect(await get(urlB, `/apis`, creds)).toBe(401);
  });
});

describe('both clusters under one listener by path prefix', () => {
  let base: string;
  beforeAll(async () => {
    const mounted = mountClusters((name) => (name === 'a' ? a : name === 'b' ? b : undefined));
    // The platform's own serving certificate; client certificates are asked for, never required.
    const tls = await createTlsMaterial({ dns: ['localhost'], ips: ['127.0.0.1'] });
    const server = createHttpsServer(
      { cert: tls.cert, key: tls.key, requestCert: true, rejectUnauthorized: false },
      mounted.listener,
    );
    server.on('upgrade', mounted.upgradeListener);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  test.each(CREDENTIALS)(
    "A's %s works under /clusters/a and is 401 under /clusters/b",
    async (kind) => {
      const creds = credentialOfA(kind);
      expect(await get(base, `/clusters/a/apis`, creds)).toBe(200);
      expect(await get(base, `/clusters/b/apis`, creds)).toBe(401);
    },
  );

  test("a connection that authenticated to A with A's certificate is not trusted by B", async () => {
    const { Agent } = await import('node:https');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const creds = { cert: clientCertOfA };
      expect(await get(base, `/clusters/a/api/v1/namespaces`, creds, agent)).toBe(200);
      expect(await get(base, `/clusters/b/api/v1/namespaces`, creds, agent)).toBe(401);
    } finally {
      agent.destroy();
    }
  });

  test.each([
    '/clusters/a/../b/api/v1/namespaces',
    '/clusters/a/%2e%2e/b/api/v1/namespaces',
    '/clusters/a/%2E%2E/%2E%2E/clusters/b/api/v1/namespaces',
    '/clusters/a%2F..%2Fb/api/v1/namespaces',
    '/clusters/a/api/../../b/api/v1/namespaces',
  ])("path traversal %s does not take A's token to B", async (path) => {
    // Sent as is (no client-side path cleaning): the listener alone decides where it goes.
    const status = await get(base, `${path}`, { token: a.core.token });
    expect(status).not.toBe(200);
    expect([401, 404]).toContain(status);
  });

  test('a prefix naming no cluster is 404', async () => {
    expect(await get(base, `/clusters/c/api`, { token: a.core.token })).toBe(404);
    expect(await get(base, `/clusters/`, { token: a.core.token })).toBe(404);
  });
});

describe('plain HTTP mount (a unix socket or a trusted proxy in front)', () => {
  test("B refuses A's admin token", async () => {
    const mounted = mountClusters((name) => (name === 'a' ? a : name === 'b' ? b : undefined));
    const server = createHttpServer(mounted.listener);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const headers = { Authorization: `Bearer ${a.core.token}` };
    expect((await fetch(`${base}/clusters/a/api/v1/namespaces`, { headers })).status).toBe(200);
    expect((await fetch(`${base}/clusters/b/api/v1/namespaces`, { headers })).status).toBe(401);
  });
});
