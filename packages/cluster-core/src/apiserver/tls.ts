/**
 * A per-cluster CA and serving certificate, made in process with @peculiar/x509 on WebCrypto
 * (ECDSA P-256: milliseconds to generate, accepted by kubectl's Go TLS stack).
 */
import { createPrivateKey, createPublicKey, KeyObject, webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';

let loaded: typeof X509 | undefined;

/** Loaded on first use: an in-process cluster that never listens does not pay for it. */
export function x509Module(): typeof X509 {
  if (!loaded) {
    // @peculiar/x509 resolves its ASN.1 schemas through tsyringe, which needs the polyfill.
    require('reflect-metadata');
    loaded = require('@peculiar/x509') as typeof X509;
    loaded.cryptoProvider.set(
      webcrypto as unknown as Parameters<typeof X509.cryptoProvider.set>[0],
    );
  }
  return loaded;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const TEN_YEARS = 10 * 365 * 24 * 3600 * 1000;

export interface TlsMaterial {
  caCert: string;
  cert: string;
  key: string;
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');
}

/** A cluster CA: its certificate and keys (CN=kubernetes, as kubeadm names it). */
export interface CertificateAuthority {
  cert: X509.X509Certificate;
  certPem: string;
  keys: webcrypto.CryptoKeyPair;
}

/**
 * The CA of one cluster, generated on first use (createCluster stays cheap): it signs the serving
 * certificate, the certificates the CSR signer issues, and checks client certificates.
 * `now` is the cluster clock: the CA must be valid at the cluster's time and at the real time
 * kubectl checks the serving certificate with.
 */
export class ClusterCertificateAuthority {
  private pending?: Promise<CertificateAuthority>;
  private ready?: CertificateAuthority;
  /** A CA being restored (its keys are imported asynchronously). */
  private restoring?: SavedCertificateAuthority;
  private readonly listeners: Array<(ca: CertificateAuthority) => void> = [];

  constructor(private readonly now: () => number = Date.now) {}

  get(): Promise<CertificateAuthority> {
    this.pending ??= this.settle(createCertificateAuthority(Math.min(Date.now(), this.now())));
    return this.pending;
  }

  /** The CA `making` gives, unless a restore replaced it meanwhile (then the restored one). */
  private settle(making: Promise<CertificateAuthority>): Promise<CertificateAuthority> {
    const settled: Promise<CertificateAuthority> = making.then((ca) => {
      if (this.pending !== settled && this.pending) return this.pending;
      this.ready = ca;
      this.restoring = undefined;
      for (const fn of this.listeners.splice(0)) fn(ca);
      return ca;
    });
    return settled;
  }

  /** Runs `fn` once the CA exists. */
  onCreated(fn: (ca: CertificateAuthority) => void): void {
    if (this.ready) fn(this.ready);
    else this.listeners.push(fn);
  }

  /** The CA if it exists already (nothing it signed can exist before). */
  get current(): CertificateAuthority | undefined {
    return this.ready;
  }

  /** The CA's certificate and private key (PEM) once it exists: what a snapshot keeps. */
  export(): SavedCertificateAuthority | undefined {
    const ca = this.ready;
    if (!ca) return this.restoring;
    const keyPem = KeyObject.from(ca.keys.privateKey).export({ format: 'pem', type: 'pkcs8' });
    return { certPem: ca.certPem, keyPem: String(keyPem) };
  }

  /**
   * Takes over a CA saved by `export()` (a restore): what it signed (serving and client
   * certificates, kubeconfigs) is trusted again. Resolves once the keys are imported.
   */
  restore(saved: SavedCertificateAuthority): Promise<CertificateAuthority> {
    if (this.ready?.certPem === saved.certPem) return Promise.resolve(this.ready);
    const loading = this.settle(importCertificateAuthority(saved));
    this.ready = undefined;
    this.restoring = saved;
    this.pending = loading;
    return loading;
  }
}

export interface SavedCertificateAuthority {
  certPem: string;
  /** PKCS #8. */
  keyPem: string;
}

async function importCertificateAuthority(
  saved: SavedCertificateAuthority,
): Promise<CertificateAuthority> {
  const x509 = x509Module();
  const privateKey = createPrivateKey(saved.keyPem);
  const keys = {
    privateKey: await webcrypto.subtle.importKey(
      'pkcs8',
      privateKey.export({ format: 'der', type: 'pkcs8' }),
      ALGORITHM,
      true,
      ['sign'],
    ),
    publicKey: await webcrypto.subtle.importKey(
      'spki',
      createPublicKey(privateKey).export({ format: 'der', type: 'spki' }),
      ALGORITHM,
      true,
      ['verify'],
    ),
  };
  return { cert: new x509.X509Certificate(saved.certPem), certPem: saved.certPem, keys };
}

export async function createCertificateAuthority(now = Date.now()): Promise<CertificateAuthority> {
  const x509 = x509Module();
  const caKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=kubernetes',
    notBefore: new Date(now - 60_000),
    notAfter: new Date(Math.max(now, Date.now()) + TEN_YEARS),
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign |
          x509.KeyUsageFlags.cRLSign |
          x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  return { cert, certPem: cert.toString('pem'), keys: caKeys };
}

/** A serving cert for the given hosts, signed by `authority` (a new CA when not given). */
export async function createTlsMaterial(
  hosts: { dns: string[]; ips: string[] },
  authority?: CertificateAuthority,
): Promise<TlsMaterial> {
  const x509 = x509Module();
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + TEN_YEARS);
  const {
    cert: ca,
    certPem: caCert,
    keys: caKeys,
  } = authority ?? (await createCertificateAuthority());
  const serverKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=kube-apiserver',
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingKey: caKeys.privateKey,
    publicKey: serverKeys.publicKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
      new x509.SubjectAlternativeNameExtension([
        ...hosts.dns.map((value) => ({ type: 'dns' as const, value })),
        ...hosts.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
    ],
  });
  const key = await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  return { caCert, cert: server.toString('pem'), key: pem('PRIVATE KEY', key) };
}
