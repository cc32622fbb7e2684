/**
 * Client-certificate authentication, as kube-apiserver's x509 authenticator
 * (k8s.io/apiserver/pkg/authentication/request/x509): a certificate the client presented during
 * the TLS handshake, signed by the cluster CA, valid now and usable for client auth, names the
 * user by its subject's CommonName and the groups by its Organizations
 * (CommonNameUserConversion), with the certificate's SHA-256 as credential id. The listener only
 * asks for certificates (requestCert without rejectUnauthorized); the checks are all here.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { certificateSubject } from '../registry/certificate-request';
import type { UserInfo } from '../registry/types';
import type { ClusterCore } from './cluster-core';
import type { CertificateAuthority } from './tls';

/** user.CredentialIDKey */
export const CREDENTIAL_ID_KEY = 'authentication.kubernetes.io/credential-id';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';

interface Verified {
  user: UserInfo;
  notBefore: number;
  notAfter: number;
}

/**
 * One TLS connection presents one certificate: its signature is checked once per CA, its dates
 * per request. Per CA, because clusters mounted under one listener share the connection: what
 * one cluster's CA verified says nothing to the next cluster.
 */
const byCa = new WeakMap<CertificateAuthority, WeakMap<object, Verified | null>>();
const caCertificates = new WeakMap<CertificateAuthority, X509Certificate>();

function caCertificate(ca: CertificateAuthority): X509Certificate {
  let cert = caCertificates.get(ca);
  if (!cert) {
    cert = new X509Certificate(ca.certPem);
    caCertificates.set(ca, cert);
  }
  return cert;
}

/** Whether the certificate may authenticate a client (x509.ExtKeyUsageClientAuth; no EKU allows all). */
function allowsClientAuth(cert: X509Certificate): boolean {
  const usages = cert.keyUsage as string[] | undefined;
  return !usages || usages.includes(CLIENT_AUTH) || usages.includes(ANY_EXTENDED_KEY_USAGE);
}

/** Checks a DER or PEM client certificate against the CA; undefined when it does not authenticate. */
export function verifyClientCertificate(
  ca: CertificateAuthority,
  peer: X509Certificate,
): Verified | undefined {
  const issuer = caCertificate(ca);
  if (!peer.checkIssued(issuer) || !peer.verify(issuer.publicKey)) return undefined;
  if (!allowsClientAuth(peer)) return undefined;
  const subject = certificateSubject(peer.raw);
  // CommonNameUserConversion has no opinion on a certificate without a CommonName
  if (!subject.commonName) return undefined;
  const groups = [...subject.organization];
  if (!groups.includes('system:authenticated')) groups.push('system:authenticated');
  const fingerprint = createHash('sha256').update(peer.raw).digest('hex');
  return {
    user: {
      username: subject.commonName,
      groups,
      extra: { [CREDENTIAL_ID_KEY]: [`X509SHA256=${fingerprint}`] },
    },
    notBefore: Math.max(Date.parse(peer.validFrom), Date.parse(issuer.validFrom)),
    notAfter: Math.min(Date.parse(peer.validTo), Date.parse(issuer.validTo)),
  };
}

/** The user a request's client certificate authenticates, if any. */
export function clientCertificateUser(
  core: ClusterCore,
  req: IncomingMessage,
): UserInfo | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  const ca = core.ca.current;
  if (!ca || typeof socket.getPeerX509Certificate !== 'function') return undefined;
  let bySocket = byCa.get(ca);
  if (!bySocket) {
    bySocket = new WeakMap();
    byCa.set(ca, bySocket);
  }
  let verified = bySocket.get(socket);
  if (verified === undefined) {
    const peer = socket.getPeerX509Certificate();
    verified = (peer && verifyClientCertificate(ca, peer)) ?? null;
    bySocket.set(socket, verified);
  }
  if (!verified) return undefined;
  const now = core.clock.now();
  if (now < verified.notBefore || now > verified.notAfter) return undefined;
  return verified.user;
}
